import Foundation

/// Reads the scenario grammar of docs/scenarios.md. O(length of the text).
extension Scenario {
  public static func parse(_ text: String, source: String) throws(ScenarioError) -> Scenario {
    var scenario = Scenario(source: source)
    var sawStep = false
    for (index, rawLine) in lines(of: text).enumerated() {
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
      case "reset":
        guard sawStep else { throw fail(first, "'reset' ends a run: it comes after a step") }
        guard tokens.count == 1 else { throw fail(tokens[1], "nothing follows 'reset'") }
        scenario.items.append(.reset(first.position))
      case "for":
        sawStep = true
        scenario.items += try loop(tokens, source: source)
      default:
        sawStep = true
        for part in try statements(tokens, source: source) { scenario.items.append(try item(part, source: source)) }
      }
    }
    guard scenario.stepCount > 0 else {
      throw ScenarioError(source, nil, "the scenario has no steps: nothing would be checked")
    }
    return scenario
  }

  /// Every line of `text`, read whole: LF, CRLF and lone CR end a line, and
  /// a byte-order mark at the start is not part of the first.
  static func lines(of text: String) -> [Substring] {
    var body = Substring(text)
    if body.unicodeScalars.first == "\u{FEFF}" { body = Substring(body.unicodeScalars.dropFirst()) }
    // Scalars, not characters: a CR LF pair is one Character.
    let scalars = body.unicodeScalars
    var result: [Substring] = []
    var start = scalars.startIndex
    var s = start
    while s < scalars.endIndex {
      let c = scalars[s]
      guard c == "\n" || c == "\r" else {
        s = scalars.index(after: s)
        continue
      }
      result.append(body[start..<s])
      s = scalars.index(after: s)
      if c == "\r", s < scalars.endIndex, scalars[s] == "\n" { s = scalars.index(after: s) }
      start = s
    }
    result.append(body[start...])
    return result
  }

  /// A step or an `expect`.
  static func item(_ tokens: [Token], source: String) throws(ScenarioError) -> Item {
    if tokens[0].text == "expect" {
      return .expect(try assertion(tokens, source: source), tokens[0].position)
    }
    return .step(try step(tokens, source: source))
  }

  /// `for p in pN-pM: LINE`: LINE once for each subpage from N to M, the
  /// word `p` standing for it.
  static func loop(_ tokens: [Token], source: String) throws(ScenarioError) -> [Item] {
    let usage = "a loop is 'for p in pN-pM: STEP' (or an expect line), p standing for each subpage"
    guard tokens.count >= 5, tokens[1].text == "p", tokens[2].text == "in" else {
      throw ScenarioError(source, tokens[0].position, usage)
    }
    var rangeText = tokens[3].text
    var rest = tokens.dropFirst(4)
    if rangeText.hasSuffix(":") {
      rangeText.removeLast()
    } else if rest.first?.text == ":" {
      rest = rest.dropFirst()
    } else {
      throw ScenarioError(source, tokens[3].position, usage)
    }
    guard case .span(let low, let high) = try operand(Token(text: rangeText, position: tokens[3].position), source: source)
    else { throw ScenarioError(source, tokens[3].position, usage) }
    guard let head = rest.first, head.text != "for", head.text != "reset" else {
      throw ScenarioError(source, rest.first?.position ?? tokens[3].position, usage)
    }
    if let nested = rest.first(where: { $0.text == "for" || $0.text == "reset" }) {
      throw ScenarioError(source, nested.position, "a loop holds steps and expects only")
    }
    guard rest.contains(where: { $0.text == "p" }) else {
      throw ScenarioError(source, head.position, "the loop's line never uses p")
    }
    var items: [Item] = []
    let body = try statements(Array(rest), source: source)
    for k in low...high {
      for part in body {
        let inner = part.map { $0.text == "p" ? Token(text: "p\(k)", position: $0.position) : $0 }
        items.append(try item(inner, source: source))
      }
    }
    return items
  }

  /// A line's steps and expects, separated by `;`.
  static func statements(_ tokens: [Token], source: String) throws(ScenarioError) -> [[Token]] {
    var parts: [[Token]] = [[]]
    for t in tokens {
      if t.text == ";" {
        guard !parts[parts.count - 1].isEmpty else { throw ScenarioError(source, t.position, "an empty step before ';'") }
        parts.append([])
      } else {
        parts[parts.count - 1].append(t)
      }
    }
    guard !parts[parts.count - 1].isEmpty else {
      throw ScenarioError(source, tokens.last!.position, "a step must follow ';'")
    }
    return parts
  }

  /// The number after the prefix: digits only, so "p-1" is no subpage.
  static func index(_ text: some StringProtocol, prefix: String) -> Int? {
    let digits = text.dropFirst(prefix.count)
    guard text.hasPrefix(prefix), !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCII),
      digits.allSatisfy(\.isNumber)
    else { return nil }
    return Int(digits)
  }

  /// `pN`, `fN`, `pN-pM`, `private`, `shared` or `vcpuN`.
  static func operand(_ t: Token, source: String) throws(ScenarioError) -> Operand {
    if t.text == "private" { return .attr(.private) }
    if t.text == "shared" { return .attr(.shared) }
    if let v = index(t.text, prefix: "vcpu") { return .vcpu(v) }
    if let i = index(t.text, prefix: "p") { return .subpage(i) }
    if let i = index(t.text, prefix: "f") { return .folio(i) }
    let ends = t.text.split(separator: "-", omittingEmptySubsequences: false)
    if ends.count == 2, let a = index(ends[0], prefix: "p"), let b = index(ends[1], prefix: "p") {
      guard a <= b else { throw ScenarioError(source, t.position, "'\(t.text)' runs backwards: write p\(b)-p\(a)") }
      return .span(a, b)
    }
    throw ScenarioError(source, t.position, "'\(t.text)' is not pN, pN-pM, fN, private, shared or vcpuN")
  }
}

/// A word of a scenario line with its position.
struct Token {
  var text: String
  var position: SourcePosition

  /// Splits a line at blanks, dropping a `#` comment; `;` is a token of
  /// its own. Columns count characters.
  static func split(_ line: Substring, line number: Int) -> [Token] {
    var tokens: [Token] = []
    var current = ""
    var start = 0
    for (i, c) in line.enumerated() {
      if c == "#" { break }
      if c == ";" {
        if !current.isEmpty { tokens.append(Token(text: current, position: .init(line: number, column: start + 1))) }
        tokens.append(Token(text: ";", position: .init(line: number, column: i + 1)))
        current = ""
      } else if c == " " || c == "\t" {
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
