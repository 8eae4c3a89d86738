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
  /// The step's number (1-based), or nil for an assertion or the end.
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
  /// lines.
  public func configuration() throws(ConfigError) -> ModelConfig {
    var result = ModelConfig()
    if let (path, _) = config {
      let beside = ((source as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
      let file = FileManager.default.fileExists(atPath: beside) ? beside : path
      result = try ModelConfig.load(file: file)
    }
    for (text, _) in overrides { try result.apply(override: text) }
    try result.validate(source: source)
    return result
  }

  /// Runs the scenario on `model`, step by step, checking outcomes,
  /// assertions and `properties` after every step. O(steps × subpages).
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
    for item in items {
      switch item {
      case .step(let step):
        if let (name, why) = violated.sorted(by: { $0.key < $1.key }).first {
          return diverge(lastLine, steps, "\(name) is violated after step \(steps): \(why)")
        }
        let action = try resolve(step, model: model, state: state)
        steps += 1
        lastLine = step.position.line
        guard let action, let (outcome, next) = model.apply(action, to: state) else {
          return diverge(
            step.position.line, steps,
            "\(step.kind.name): the model does not allow this step here (its precondition is false)")
        }
        if outcome != step.outcome {
          return diverge(
            step.position.line, steps,
            "\(model.describe(action)): expected \(step.outcome.name), the model gives \(outcome.name)")
        }
        state = next
        violated = [:]
        for p in properties { if let why = p.violation(state) { violated[p.name] = why } }
      case .expect(let assertion, let position):
        if case .violated(let name) = assertion {
          guard properties.contains(where: { $0.name == name }) else {
            throw ScenarioError(source, position, "unknown or unchecked property '\(name)'."
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
    if let (name, why) = violated.sorted(by: { $0.key < $1.key }).first {
      return diverge(lastLine, steps, "\(name) is violated after step \(steps): \(why)")
    }
    return ReplayReport(steps: steps, divergence: nil)
  }

  private func range(_ op: Operand, at position: SourcePosition, model: GuestMemfd) throws(ScenarioError)
    -> ClosedRange<Int>
  {
    let c = model.config
    switch op {
    case .subpage(let p):
      guard p >= 0, p < c.totalSubpages else {
        throw ScenarioError(source, position, "p\(p) is beyond the model's \(c.totalSubpages) subpages (p0-p\(c.totalSubpages - 1))")
      }
      return p...p
    case .folio(let f):
      guard f >= 0, f < c.folios else {
        throw ScenarioError(source, position, "f\(f) is beyond the model's \(c.folios) folios")
      }
      return model.folioRange(f)
    case .attr:
      throw ScenarioError(source, position, "expected a subpage or folio")
    }
  }

  /// The step as a model action; nil for `convert` with no pending request.
  private func resolve(_ step: Step, model: GuestMemfd, state: GmemState) throws(ScenarioError) -> Action? {
    var r: ClosedRange<Int> = 0...0
    var to = Attr.private
    for (op, position) in step.operands {
      if case .attr(let a) = op { to = a } else { r = try range(op, at: position, model: model) }
    }
    if step.kind == .convert {
      guard let pending = model.convertAction(in: state) else { return nil }
      if !step.operands.isEmpty && (pending.range != r || pending.to != to) {
        throw ScenarioError(
          source, step.position,
          "convert names \(model.rangeName(r)) \(to.name), but the pending request is \(model.describe(state.request))")
      }
      return pending
    }
    return Action(step.kind, r, to: to)
  }

  /// Nil when the assertion holds, else what the model says instead.
  private func check(_ a: Assertion, at position: SourcePosition, model: GuestMemfd, state: GmemState)
    throws(ScenarioError) -> String?
  {
    switch a {
    case .subpage(let p, let view, let whole):
      _ = try range(.subpage(p), at: position, model: model)
      let page = state[subpage: p]
      let actual = whole ? page.phrase : page.word
      return actual == view ? nil : "expected p\(p) \(view), the model has \(page.phrase)"
    case .layout(let f, let layout):
      _ = try range(.folio(f), at: position, model: model)
      let actual = state.layout(ofFolio: f)
      return actual == layout ? nil : "expected f\(f) \(layout.name), the model has \(actual.name)"
    case .request(let r):
      return state.request == r ? nil : "expected request \(model.describe(r)), the model has \(model.describe(state.request))"
    case .requestRange(let op, let to):
      let r = try range(op, at: position, model: model)
      let want = Request(first: r.lowerBound, last: r.upperBound, to: to)
      return state.request == want ? nil : "expected request \(model.describe(want)), the model has \(model.describe(state.request))"
    case .closed(let closed):
      return state.closed == closed ? nil : "expected the file \(closed ? "closed" : "open"), it is \(state.closed ? "closed" : "open")"
    case .violated:
      return nil
    }
  }
}
