/// `expect` lines (docs/scenarios.md).
extension Scenario {
  static func assertion(_ tokens: [Token], source: String) throws(ScenarioError) -> Assertion {
    guard tokens.count >= 2 else {
      throw ScenarioError(source, tokens[0].position, "'expect' needs what to expect: expect p0 shared-mapped")
    }
    let what = tokens[1]
    let rest = tokens.dropFirst(2)
    switch what.text {
    case "closed", "open":
      if let extra = rest.first { throw ScenarioError(source, extra.position, "nothing follows '\(what.text)'") }
      return .closed(what.text == "closed")
    case "violated":
      guard rest.count == 1 else {
        throw ScenarioError(source, what.position, "'expect violated' takes one property name")
      }
      return .violated(rest.first!.text)
    case "request":
      return try requestAssertion(Array(rest), at: what, source: source)
    default:
      let target = try operand(what, source: source)
      switch target {
      case .folio(let f):
        guard rest.count == 1, let layout = Layout.allCases.first(where: { $0.name == rest.first!.text }) else {
          throw ScenarioError(source, what.position, "'expect \(what.text)' takes huge or split")
        }
        return .layout(folio: f, layout)
      case .subpage, .span:
        guard let first = rest.first else {
          throw ScenarioError(source, what.position, "'expect \(what.text)' needs a view: a card word or a phrase")
        }
        return .subpages(target, try view(rest.map(\.text).joined(separator: " "), at: first.position, source: source))
      default:
        throw ScenarioError(
          source, what.position,
          "'expect' takes pN VIEW, pN-pM VIEW, fN huge|split, request ..., closed, open or violated NAME")
      }
    }
  }

  /// `request [vcpuN] none` or `request [vcpuN] RANGE private|shared`.
  static func requestAssertion(_ tokens: [Token], at what: Token, source: String) throws(ScenarioError)
    -> Assertion
  {
    var rest = tokens[...]
    var vcpu = 0
    if let t = rest.first, let v = index(t.text, prefix: "vcpu") {
      vcpu = v
      rest = rest.dropFirst()
    }
    let usage = "'expect request' takes [vcpuN] none, or [vcpuN] a range and private|shared"
    if rest.count == 1 && rest.first!.text == "none" { return .request(vcpu: vcpu, nil) }
    guard rest.count == 2 else { throw ScenarioError(source, what.position, usage) }
    let range = try operand(rest.first!, source: source)
    guard case .attr(let to) = try operand(rest.last!, source: source) else {
      throw ScenarioError(source, rest.last!.position, usage)
    }
    switch range {
    case .subpage, .span, .folio: return .request(vcpu: vcpu, (range, to))
    default: throw ScenarioError(source, rest.first!.position, usage)
    }
  }

  /// A card word, or a word and a parenthesised list of details as traces
  /// print them. Anything else is a syntax error, not a divergence.
  static func view(_ text: String, at position: SourcePosition, source: String) throws(ScenarioError) -> View {
    let words = Subpage.words.joined(separator: ", ")
    guard let open = text.firstIndex(of: "(") else {
      guard Subpage.words.contains(text) else {
        throw ScenarioError(
          source, position, "unknown view '\(text)': a view is one of \(words), or a phrase such as hole (shared)")
      }
      return View(word: text, details: nil)
    }
    let word = text[..<open].trimmingSpaces()
    guard Subpage.words.contains(word) else {
      throw ScenarioError(source, position, "unknown view word '\(word)': one of \(words)")
    }
    guard text.hasSuffix(")") else { throw ScenarioError(source, position, "a phrase ends with ')'") }
    let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
    let details = inside.split(separator: ",").map { $0.trimmingSpaces() }
    for d in details where !Subpage.isDetail(d) {
      throw ScenarioError(source, position, "unknown detail '\(d)' in '\(text)'")
    }
    if details.contains("private") && details.contains("shared") {
      throw ScenarioError(source, position, "'\(text)' is both private and shared")
    }
    let inFile = !["hole", "orphan", "freed"].contains(word)
    if inFile, let attr = details.first(where: { $0 == "private" || $0 == "shared" }) {
      throw ScenarioError(source, position, "'\(word)' says the attribute already; drop '\(attr)'")
    }
    return View(word: word, details: details)
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces.
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
