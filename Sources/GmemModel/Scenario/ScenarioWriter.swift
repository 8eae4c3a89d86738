import Foundation

extension GuestMemfd {
  /// The action as a scenario step writes it: "guestRequest p0 shared".
  public func scenarioText(_ action: Action) -> String {
    let name = action.kind.name
    switch action.kind {
    case .guestRequest: return "\(name) \(rangeName(action.range)) \(action.to.name)"
    case .convert, .close: return name
    case .punchHole: return "\(name) \(rangeName(action.range))"
    case .merge: return "\(name) f\(folio(of: action.subpage))"
    default: return "\(name) p\(action.subpage)"
    }
  }

  /// A counterexample as a scenario that replays to the same violation:
  /// every configuration key as a `set` line (so it needs no file), the
  /// steps, then `expect violated` for each property the last state
  /// violates. `expect` is left out: it does not change the model.
  public func scenario(_ trace: [Step], violating properties: [String], origin: String) -> String {
    let property = properties.first ?? "?"
    var lines = [
      "# Counterexample for \(property), written by gmemcheck check --emit-scenario",
      "# from \(origin). Replay: gmemcheck replay THIS-FILE",
    ]
    for key in ConfigKey.all where key.affectsModel {
      var value = key.value(in: config)
      if case .list = key.kind { value = key.names(in: config).joined(separator: ",") }
      lines.append("set \(key.name)=\(value)")
    }
    lines.append("")
    for step in trace {
      let actor = step.action.kind.actor.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
      let text = scenarioText(step.action).padding(toLength: 28, withPad: " ", startingAt: 0)
      lines.append("\(actor)\(text) => \(step.outcome.name)")
    }
    lines += properties.map { "expect violated \($0)" }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension Scenario {
  /// The counterexamples of a `gmemcheck check --format json` output, one
  /// scenario each, replaying to their violations. `source` names the file.
  public static func fromCheckJSON(_ data: Data, source: String) throws(ScenarioError) -> [Scenario] {
    let fail = { (message: String) in ScenarioError(source, nil, "not a gmemcheck counterexample: \(message)") }
    guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw fail("the file is not a JSON object")
    }
    guard let model = root["model"] as? [String: Any], let subpages = model["subpages"] as? Int,
      subpages > 0
    else { throw fail("no \"model\" object with \"subpages\"") }
    var overrides: [String] = []
    for key in ConfigKey.all where key.affectsModel {
      guard let value = model[key.name] else { continue }
      switch value {
      case let list as [Any]: overrides.append("\(key.name)=" + list.map { "\($0)" }.joined(separator: ","))
      case let b as Bool where key.name == "initShared" || key.name == "trackData": overrides.append("\(key.name)=\(b)")
      default: overrides.append("\(key.name)=\(value)")
      }
    }
    guard let traces = root["counterexamples"] as? [[String: Any]], !traces.isEmpty else {
      throw fail("no \"counterexamples\" (did the check pass?)")
    }
    var scenarios: [Scenario] = []
    for (n, trace) in traces.enumerated() {
      guard let property = trace["property"] as? String, let steps = trace["steps"] as? [[String: Any]] else {
        throw fail("counterexample \(n + 1) has no property or steps")
      }
      var s = Scenario(source: "\(source) (\(property))")
      s.overrides = overrides.map { ($0, SourcePosition(line: 0, column: 0)) }
      for (i, step) in steps.enumerated() {
        let at = SourcePosition(line: i + 1, column: 1)
        guard let name = step["action"] as? String, let kind = ActionKind.allCases.first(where: { $0.name == name }),
          let outcomeName = step["outcome"] as? String,
          let outcome = Outcome.allCases.first(where: { $0.name == outcomeName })
        else { throw fail("step \(i + 1) has no known action and outcome") }
        var operands: [(Operand, SourcePosition)] = []
        if let p = step["subpage"] as? Int { operands.append((.subpage(p), at)) }
        if let f = step["folio"] as? Int { operands.append((.folio(f), at)) }
        if let first = step["first"] as? Int, let last = step["last"] as? Int, kind != .convert {
          // A range is one subpage or one whole folio.
          operands.append((first == last ? .subpage(first) : .folio(first / subpages), at))
        }
        if kind == .guestRequest, let to = step["to"] as? String {
          operands.append((.attr(to == "shared" ? .shared : .private), at))
        }
        s.items.append(.step(Step(actor: nil, kind: kind, operands: operands, outcome: outcome, position: at)))
      }
      // Every property the last state violates ("violated"), else the one;
      // a lasso or a deadlock replays its steps and expects no violation.
      let violated = trace["violated"] as? [String] ?? [property]
      for name in violated {
        s.items.append(.expect(.violated(name), SourcePosition(line: steps.count + 1, column: 0)))
      }
      scenarios.append(s)
    }
    return scenarios
  }
}
