import Foundation

/// A property as replay checks it: a name and a predicate that explains a
/// violation (nil when the state satisfies it).
public struct ReplayProperty: Sendable {
  public let name: String
  public let violation: @Sendable (GmemState) -> String?

  public init(name: String, violation: @escaping @Sendable (GmemState) -> String?) {
    self.name = name
    self.violation = violation
  }
}

/// Where a replay stopped agreeing with its scenario.
public struct Divergence: Sendable {
  public let line: Int
  /// The step's number (1-based, over all runs), or nil for an assertion
  /// or the end.
  public let step: Int?
  public let message: String
  /// The state before the step (or at the assertion).
  public let before: GmemState
}

public struct ReplayReport: Sendable {
  public let steps: Int
  public let divergence: Divergence?
}

extension Scenario {
  /// The configuration the scenario names: its `config` file (relative to
  /// the scenario's folder, else to the current folder), then its `set`
  /// lines. An error in a `set` line is reported at that line.
  public func configuration() throws(ScenarioError) -> ModelConfig {
    if let model { return model }
    var result = ModelConfig()
    if let (path, position) = config {
      let beside = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
      let configFile = FileManager.default.fileExists(atPath: beside) ? beside : path
      do {
        result = try ModelConfig.load(file: configFile)
      } catch {
        throw ScenarioError(file, position, "config \(path): \(error.description)")
      }
    }
    for (text, position) in overrides {
      do {
        try result.apply(override: text)
      } catch {
        throw ScenarioError(file, position, error.message)
      }
    }
    do {
      try result.validate(source: file)
    } catch {
      throw ScenarioError(file, overrides.first?.position ?? config?.position, error.message)
    }
    return result
  }

  /// Runs the scenario on `model`, step by step, checking outcomes,
  /// assertions and `properties` after every step; `reset` starts a new
  /// run from the initial state. O(steps × subpages).
  public func replay(on model: GuestMemfd, checking properties: [ReplayProperty])
    throws(ScenarioError) -> ReplayReport
  {
    var state = model.initialState
    var violated: [String: String] = [:]
    var steps = 0
    var lastLine = 0
    func diverge(_ line: Int, _ step: Int?, _ message: String) -> ReplayReport {
      ReplayReport(steps: steps, divergence: Divergence(line: line, step: step, message: message, before: state))
    }
    func unexpected() -> ReplayReport? {
      guard let (name, why) = violated.sorted(by: { $0.key < $1.key }).first else { return nil }
      return diverge(lastLine, steps, "\(name) is violated after step \(steps): \(why)")
    }
    if let initial, let d = differs(initial, model.json(state)) {
      return diverge(0, nil, "the recorded initial state differs at \(d)")
    }
    let lastStep = items.lastIndex { if case .step = $0 { true } else { false } }
    for (index, item) in items.enumerated() {
      switch item {
      case .reset:
        if let report = unexpected() { return report }
        state = model.initialState
      case .step(let step):
        if let report = unexpected() { return report }
        let action = try resolve(step, model: model, state: state)
        steps += 1
        lastLine = step.position.line
        // A convert with no request to serve names no range.
        let noRequest = action.kind == .convert && state.request(Int(action.vcpu)) == nil
        let text = noRequest ? "convert" : model.describe(action)
        let result = model.step(action, from: state)
        switch (step.expected, result) {
        case (.disabled, nil):
          continue
        case (.disabled, let (label, _)?):
          return diverge(
            step.position.line, steps, "\(text): expected disabled, the model allows it (\(model.describeOutcome(label)))")
        case (.outcome, nil):
          let why = model.whyDisabled(action, in: state) ?? "its precondition is false"
          return diverge(step.position.line, steps, "\(text): the model does not allow this step here: \(why)")
        case (.outcome(let outcome, let at), let (label, next)?):
          if label.outcome != outcome || (at != nil && label.errorOffset != at) {
            let want = outcome.name + (at.map { " at p\($0)" } ?? "")
            return diverge(step.position.line, steps, "\(text): expected \(want), the model gives \(model.describeOutcome(label))")
          }
          state = next
          if let recorded = step.recorded, let d = differs(recorded, model.json(next)) {
            return diverge(step.position.line, steps, "\(text): the recorded state differs at \(d)")
          }
        }
        violated = [:]
        guard propertyChecks == .everyStep || (propertyChecks == .lastStep && index == lastStep) else { continue }
        for p in properties { if let why = p.violation(state) { violated[p.name] = why } }
      case .expect(let assertion, let position):
        if case .violated(let name) = assertion {
          guard properties.contains(where: { $0.name == name }) else {
            throw ScenarioError(file, position, "unknown or unchecked property '\(name)'."
              + didYouMean(name, in: properties.map(\.name)))
          }
          if violated.removeValue(forKey: name) == nil {
            return diverge(position.line, nil, "expected \(name) violated, but it holds")
          }
          continue
        }
        if let mismatch = try check(assertion, at: position, model: model, state: state) {
          return diverge(position.line, nil, mismatch)
        }
      }
    }
    return unexpected() ?? ReplayReport(steps: steps, divergence: nil)
  }
}

extension Scenario {
  /// Where a recorded state first differs from the model's, in words.
  func differs(_ recorded: Recorded, _ actual: JSONValue) -> String? {
    guard let d = recorded.state.firstDifference(from: actual, at: recorded.path) else { return nil }
    return "\(d.path): recorded \(d.mine), the model has \(d.other)"
  }
}

extension ConfigError {
  /// The message without its location: what follows "error: ".
  public var message: String {
    let text = description
    guard let r = text.range(of: ": error: ") else { return text }
    return String(text[r.upperBound...])
  }
}
