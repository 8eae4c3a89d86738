/// Steps: `[ACTOR] ACTION OPERAND* => RESULT` (docs/scenarios.md).
extension Scenario {
  static let actorNames = Dictionary(uniqueKeysWithValues: Actor.allCases.map { ($0.rawValue.lowercased(), $0) })

  static func step(_ tokens: [Token], source: String) throws(ScenarioError) -> Step {
    var rest = tokens[...]
    var actor: Actor? = nil
    if let a = actorNames[rest.first!.text.lowercased()] {
      actor = a
      rest = rest.dropFirst()
    }
    guard let name = rest.popFirst() else {
      throw ScenarioError(source, tokens.last!.position, "an actor needs an action after it")
    }
    guard let kind = ActionKind.allCases.first(where: { $0.name == name.text }) else {
      let words = ActionKind.allCases.map(\.name) + ["expect", "config", "set", "for", "reset"]
      throw ScenarioError(source, name.position, "unknown action '\(name.text)'.\(didYouMean(name.text, in: words))")
    }
    if let actor, actor != kind.actor {
      throw ScenarioError(
        source, tokens.first!.position,
        "\(kind.name) is an action of \(kind.actor.rawValue), not of \(actor.rawValue)")
    }
    guard let arrow = rest.firstIndex(where: { $0.text == "=>" }) else {
      throw ScenarioError(source, name.position, "a step ends with '=> OUTCOME' (\(resultWords))")
    }
    let expected = try result(Array(rest[(arrow + 1)...]), after: rest[arrow], source: source)
    var operands: [(Operand, SourcePosition)] = []
    for t in rest[..<arrow] { operands.append((try operand(t, source: source), t.position)) }
    try checkShape(kind, operands, name, source: source)
    return Step(actor: actor, kind: kind, operands: operands, expected: expected, position: name.position)
  }

  static var resultWords: String { (Outcome.allCases.map(\.name) + ["disabled"]).joined(separator: ", ") }

  /// `OUTCOME`, `EAGAIN at pN` (the ioctl's error offset) or `disabled`.
  static func result(_ tokens: [Token], after arrow: Token, source: String) throws(ScenarioError) -> Expected {
    guard let o = tokens.first else {
      throw ScenarioError(source, arrow.position, "'=>' takes an outcome (\(resultWords))")
    }
    if o.text == "disabled" {
      guard tokens.count == 1 else { throw ScenarioError(source, tokens[1].position, "nothing follows 'disabled'") }
      return .disabled
    }
    guard let outcome = Outcome.allCases.first(where: { $0.name.lowercased() == o.text.lowercased() }) else {
      let hint = didYouMean(o.text, in: Outcome.allCases.map(\.name) + ["disabled"])
      throw ScenarioError(source, o.position, "unknown outcome '\(o.text)'.\(hint)")
    }
    if tokens.count == 1 { return .outcome(outcome, at: nil) }
    guard tokens.count == 3, tokens[1].text == "at", let p = index(tokens[2].text, prefix: "p") else {
      throw ScenarioError(source, tokens[1].position, "an outcome takes at most 'at pN' (an ioctl's error offset)")
    }
    guard outcome == .eagain else {
      throw ScenarioError(source, tokens[1].position, "only EAGAIN carries an error offset")
    }
    return .outcome(outcome, at: p)
  }

  /// The operands each action takes (docs/scenarios.md): RANGE is pN,
  /// pN-pM or fN; a subpage action takes one subpage (a loop repeats it).
  static func checkShape(
    _ kind: ActionKind, _ operands: [(Operand, SourcePosition)], _ name: Token, source: String
  ) throws(ScenarioError) {
    let shape = operands.map { op -> Character in
      switch op.0 {
      case .subpage: "p"
      case .span: "s"
      case .folio: "f"
      case .attr: "a"
      case .vcpu: "v"
      }
    }
    let usage: String
    let allowed: [String]
    switch kind {
    case .guestRequest:
      (usage, allowed) = ("RANGE private|shared [vcpuN]", ["pa", "sa", "fa", "pav", "sav", "fav"])
    case .convert:
      usage = "[RANGE] [private|shared] [vcpuN]"
      allowed = ["", "p", "s", "f"].flatMap { [$0, $0 + "a", $0 + "v", $0 + "av"] }
    case .abandon: (usage, allowed) = ("nothing, or vcpuN", ["", "v"])
    case .punchHole: (usage, allowed) = ("RANGE (pN, pN-pM or fN)", ["p", "s", "f"])
    case .close: (usage, allowed) = ("nothing", [""])
    case .merge: (usage, allowed) = ("a folio, fN", ["f"])
    default: (usage, allowed) = ("one subpage, pN (repeat it with 'for p in pN-pM:')", ["p"])
    }
    guard allowed.contains(String(shape)) else {
      throw ScenarioError(source, name.position, "\(kind.name) takes \(usage)")
    }
  }
}
