/// Reads the scenario grammar of docs/scenarios.md. O(length of the text).
extension Scenario {
  public static func parse(_ text: String, source: String) throws(ScenarioError) -> Scenario {
    var scenario = Scenario(source: source)
    var sawStep = false
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let tokens = Token.split(rawLine, line: index + 1)
      guard let first = tokens.first else { continue }
      let fail = { (token: Token, message: String) -> ScenarioError in
        ScenarioError(source, token.position, message)
      }
      switch first.text {
      case "config":
        if sawStep { throw fail(first, "'config' must come before the first step") }
        if scenario.config != nil { throw fail(first, "a second 'config' line") }
        guard tokens.count == 2 else { throw fail(first, "'config' takes one path: config Models/default.json5") }
        scenario.config = (tokens[1].text, tokens[1].position)
      case "set":
        if sawStep { throw fail(first, "'set' must come before the first step") }
        let rest = tokens.dropFirst().map(\.text).joined(separator: " ")
        guard tokens.count >= 2, rest.contains("=") else {
          throw fail(first, "'set' takes KEY=VALUE: set subpages=4")
        }
        scenario.overrides.append((rest, tokens[1].position))
      case "expect":
        sawStep = true
        scenario.items.append(.expect(try assertion(tokens, source: source), first.position))
      default:
        sawStep = true
        scenario.items.append(.step(try step(tokens, source: source)))
      }
    }
    return scenario
  }

  static let actorNames = Dictionary(uniqueKeysWithValues: Actor.allCases.map { ($0.rawValue.lowercased(), $0) })

  private static func step(_ tokens: [Token], source: String) throws(ScenarioError) -> Step {
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
      let hint = didYouMean(name.text, in: ActionKind.allCases.map(\.name) + ["expect", "config", "set"])
      throw ScenarioError(source, name.position, "unknown action '\(name.text)'.\(hint)")
    }
    if let actor, actor != kind.actor {
      throw ScenarioError(
        source, tokens.first!.position,
        "\(kind.name) is an action of \(kind.actor.rawValue), not of \(actor.rawValue)")
    }
    guard let arrow = rest.firstIndex(where: { $0.text == "=>" }) else {
      throw ScenarioError(
        source, name.position, "a step ends with '=> OUTCOME' (\(Outcome.allCases.map(\.name).joined(separator: ", ")))")
    }
    let outcomeTokens = rest[(arrow + 1)...]
    guard outcomeTokens.count == 1, let o = outcomeTokens.first else {
      throw ScenarioError(source, rest[arrow].position, "'=>' takes exactly one outcome")
    }
    guard let outcome = Outcome.allCases.first(where: { $0.name.lowercased() == o.text.lowercased() }) else {
      let hint = didYouMean(o.text, in: Outcome.allCases.map(\.name))
      throw ScenarioError(source, o.position, "unknown outcome '\(o.text)'.\(hint)")
    }
    var operands: [(Operand, SourcePosition)] = []
    for t in rest[..<arrow] { operands.append((try operand(t, source: source), t.position)) }
    try checkShape(kind, operands, name, source: source)
    return Step(actor: actor, kind: kind, operands: operands, outcome: outcome, position: name.position)
  }

  /// The operands each action takes (docs/scenarios.md).
  private static func checkShape(
    _ kind: ActionKind, _ operands: [(Operand, SourcePosition)], _ name: Token, source: String
  ) throws(ScenarioError) {
    let shapes = operands.map { op -> String in
      switch op.0 {
      case .subpage: "subpage"
      case .folio: "folio"
      case .attr: "attr"
      }
    }
    let allowed: [[String]]
    switch kind {
    case .guestRequest: allowed = [["subpage", "attr"], ["folio", "attr"]]
    case .punchHole: allowed = [["subpage"], ["folio"]]
    case .convert: allowed = [[], ["subpage", "attr"], ["folio", "attr"]]
    case .close: allowed = [[]]
    case .merge: allowed = [["folio"]]
    default: allowed = [["subpage"]]
    }
    guard allowed.contains(shapes) else {
      let forms = allowed.map { $0.isEmpty ? "nothing" : $0.joined(separator: " ") }.joined(separator: " or ")
      throw ScenarioError(source, name.position, "\(kind.name) takes \(forms)")
    }
  }

  private static func operand(_ t: Token, source: String) throws(ScenarioError) -> Operand {
    if t.text == "private" { return .attr(.private) }
    if t.text == "shared" { return .attr(.shared) }
    if let i = index(t.text, prefix: "p") { return .subpage(i) }
    if let i = index(t.text, prefix: "f") { return .folio(i) }
    throw ScenarioError(source, t.position, "'\(t.text)' is not pN, fN, private or shared")
  }

  /// The number after the prefix: digits only, so "p-1" is no subpage.
  private static func index(_ text: String, prefix: Character) -> Int? {
    let digits = text.dropFirst()
    guard text.first == prefix, !digits.isEmpty, digits.allSatisfy(\.isASCII),
      digits.allSatisfy(\.isNumber)
    else { return nil }
    return Int(digits)
  }

  private static func assertion(_ tokens: [Token], source: String) throws(ScenarioError) -> Assertion {
    guard tokens.count >= 2 else {
      throw ScenarioError(source, tokens[0].position, "'expect' needs what to expect: expect p0 shared-mapped")
    }
    let what = tokens[1]
    let rest = tokens.dropFirst(2).map(\.text).joined(separator: " ")
    switch what.text {
    case "closed", "open":
      guard tokens.count == 2 else { throw ScenarioError(source, tokens[2].position, "nothing follows '\(what.text)'") }
      return .closed(what.text == "closed")
    case "violated":
      guard tokens.count == 3 else {
        throw ScenarioError(source, what.position, "'expect violated' takes one property name")
      }
      return .violated(tokens[2].text)
    case "request":
      if rest == "none" { return .request(nil) }
      guard tokens.count == 4, case let range = try operand(tokens[2], source: source),
        case .attr(let to) = try operand(tokens[3], source: source), range != .attr(.private),
        range != .attr(.shared)
      else {
        throw ScenarioError(source, what.position, "'expect request' takes none, or a range and private|shared")
      }
      return .requestRange(range, to)
    default:
      if let f = index(what.text, prefix: "f") {
        guard let layout = Layout.allCases.first(where: { $0.name == rest }) else {
          throw ScenarioError(source, what.position, "'expect \(what.text)' takes huge or split")
        }
        return .layout(folio: f, layout)
      }
      guard let p = index(what.text, prefix: "p"), !rest.isEmpty else {
        throw ScenarioError(
          source, what.position,
          "'expect' takes pN VIEW, fN huge|split, request ..., closed, open or violated NAME")
      }
      return .subpage(p, view: rest, wholePhrase: rest.contains("("))
    }
  }
}

/// A word of a scenario line with its position.
struct Token {
  var text: String
  var position: SourcePosition

  /// Splits a line at blanks, dropping a `#` comment. Columns count characters.
  static func split(_ line: Substring, line number: Int) -> [Token] {
    var tokens: [Token] = []
    var current = ""
    var start = 0
    for (i, c) in line.enumerated() {
      if c == "#" { break }
      if c == " " || c == "\t" || c == "\r" {
        if !current.isEmpty { tokens.append(Token(text: current, position: .init(line: number, column: start + 1))) }
        current = ""
      } else {
        if current.isEmpty { start = i }
        current.append(c)
      }
    }
    if !current.isEmpty { tokens.append(Token(text: current, position: .init(line: number, column: start + 1))) }
    return tokens
  }
}
