import Foundation

extension ConfigKey {
  /// Checks command-line text (`--set key=TEXT`) against the key's kind.
  /// A name may be quoted, on both sides; a list is comma-separated, in
  /// brackets or not, and empty only as a whole (`mutants=`).
  func check(text: String, at: ConfigError.Location) throws(ConfigError) -> Value {
    switch kind {
    case .integer(let range):
      guard let i = Self.integer(text) else {
        if Int(text) != nil {
          throw .malformedValue(at, key: name, problem: "'\(printable(text))' has a leading zero (JSON5 has no octal)")
        }
        throw .wrongType(at, key: name, expected: expectedType, found: "'\(text)'")
      }
      guard range.contains(i) else { throw .outOfRange(at, key: name, value: i, allowed: range) }
      return .integer(i)
    case .boolean:
      guard let b = Bool(text) else {
        throw .wrongType(at, key: name, expected: expectedType, found: "'\(text)'")
      }
      return .boolean(b)
    case .choice(let names):
      let word = try unquoted(text, at: at)
      guard names.contains(word) else {
        throw .unknownValue(at, key: name, value: word, allowed: names)
      }
      return .name(word)
    case .list(let names):
      var result: [String] = []
      for part in try items(text, at: at) {
        let item = try unquoted(part, at: at)
        guard names.contains(item) else {
          throw .unknownValue(at, key: name, value: item, allowed: names)
        }
        result.append(item)
      }
      return .names(result)
    case .reasons(let names):
      var result: [String: String] = [:]
      for part in try items(text, at: at) {
        let pair = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard pair.count == 2, !pair[1].isEmpty else {
          throw .wrongType(at, key: name, expected: "ACTION:reason, ...", found: "'\(part)'")
        }
        guard names.contains(pair[0]) else {
          throw .unknownValue(at, key: name, value: pair[0], allowed: names)
        }
        result[pair[0]] = pair[1]
      }
      return .reasons(result)
    case .verdicts:
      var result: [ExpectedVerdict] = []
      for part in try items(text, at: at) {
        let pair = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pair.count == 2, !pair[0].isEmpty else {
          throw .wrongType(at, key: name, expected: "PROPERTY:pass|fail, ...", found: "'\(part)'")
        }
        guard let verdict = ExpectedVerdict.Verdict(rawValue: pair[1]) else {
          throw .unknownValue(at, key: "\(name).\(pair[0])", value: pair[1], allowed: ["pass", "fail"])
        }
        result.append(ExpectedVerdict(property: pair[0], verdict: verdict, position: nil))
      }
      return .verdicts(result)
    }
  }

  /// A decimal integer as JSON5 writes one: a sign, then 0 or digits that
  /// do not start with 0.
  static func integer(_ text: String) -> Int? {
    let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
    guard let first = digits.first, digits.allSatisfy(\.isASCII), first != "0" || digits.count == 1 else {
      return nil
    }
    return Int(text)
  }

  /// The comma-separated items of a list, trimmed: none for an empty
  /// text (or `[]`), else none of them empty.
  func items(_ text: String, at: ConfigError.Location) throws(ConfigError) -> [String] {
    var inner = Substring(text)
    if inner.hasPrefix("[") || inner.hasSuffix("]") {
      guard inner.count >= 2, inner.hasPrefix("["), inner.hasSuffix("]") else {
        throw .malformedValue(at, key: name, problem: "a bracket without its partner in '\(printable(text))'")
      }
      inner = inner.dropFirst().dropLast()
    }
    let trimmed = inner.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return [] }
    let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    guard !parts.contains(where: \.isEmpty) else {
      throw .malformedValue(
        at, key: name, problem: "an empty item in '\(printable(text))' (separate items with single commas)")
    }
    return parts
  }

  /// `text` without its quotes, if it has a pair; a quote without its
  /// partner is an error, not part of the name.
  func unquoted(_ text: String, at: ConfigError.Location) throws(ConfigError) -> String {
    let quotes: Set<Character> = ["'", "\""]
    let opens = text.first.map(quotes.contains) ?? false
    let closes = text.last.map(quotes.contains) ?? false
    guard opens || closes else { return text }
    guard opens, closes, text.count >= 2, text.first == text.last else {
      throw .malformedValue(at, key: name, problem: "a quote without its partner in \(printable(text))")
    }
    return String(text.dropFirst().dropLast())
  }
}
