/// A configuration that cannot be used, with where and why. Each case
/// renders one message in the compiler's `file:line:col: error:` form.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Where a problem is: a file (and position in it), or a `--set` option.
  public struct Location: Equatable, Sendable, CustomStringConvertible {
    public var source: String
    public var position: SourcePosition?

    public init(_ source: String, _ position: SourcePosition? = nil) {
      self.source = source
      self.position = position
    }

    public var description: String {
      position.map { "\(source):\($0.line):\($0.column)" } ?? source
    }
  }

  case unreadable(Location, reason: String)
  case syntax(Location, message: String)
  case notAnObject(Location, found: String)
  case unknownKey(Location, key: String, suggestion: String?)
  case duplicateKey(Location, key: String, first: SourcePosition)
  case wrongType(Location, key: String, expected: String, found: String)
  case outOfRange(Location, key: String, value: Int, allowed: ClosedRange<Int>)
  case unknownValue(Location, key: String, value: String, allowed: [String])
  case malformedOverride(Location, text: String)
  case tooLarge(Location, keys: [String], message: String)
  case incompatible(Location, keys: [String], message: String)
  case unknownProperty(Location, name: String, suggestion: String?)
  case inapplicableExpectation(Location, name: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let at, let reason):
      return "\(at): error: cannot read the configuration: \(reason)"
    case .syntax(let at, let message):
      return "\(at): error: malformed JSON5: \(message)"
    case .notAnObject(let at, let found):
      return "\(at): error: a configuration is a JSON5 object ({ key: value, ... }), found \(found)"
    case .unknownKey(let at, let key, let suggestion):
      let hint = suggestion.map { " Did you mean '\($0)'?" } ?? " 'gmemcheck list' shows the keys."
      return "\(at): error: unknown key '\(key)'.\(hint)"
    case .duplicateKey(let at, let key, let first):
      return "\(at): error: key '\(key)' appears twice (first at line \(first.line))"
    case .wrongType(let at, let key, let expected, let found):
      return "\(at): error: '\(key)' must be \(expected), found \(found)"
    case .outOfRange(let at, let key, let value, let allowed):
      return
        "\(at): error: '\(key)' must be from \(allowed.lowerBound) to \(allowed.upperBound), found \(value)"
    case .unknownValue(let at, let key, let value, let allowed):
      let hint = didYouMean(value, in: allowed)
      return
        "\(at): error: '\(key)' must be one of \(allowed.joined(separator: ", ")); found '\(value)'.\(hint)"
    case .malformedOverride(let at, let text):
      return "\(at): error: '\(text)' is not key=value (for example --set subpages=5)"
    case .tooLarge(let at, let keys, let message), .incompatible(let at, let keys, let message):
      let names = keys.map { "'\($0)'" }.joined(separator: ", ")
      return "\(at): error: \(message) (keys \(names))"
    case .unknownProperty(let at, let name, let suggestion):
      let hint = suggestion.map { " Did you mean '\($0)'?" } ?? " 'gmemcheck list' shows the properties."
      return "\(at): error: 'expect' names unknown property '\(name)'.\(hint)"
    case .inapplicableExpectation(let at, let name, let reason):
      return "\(at): error: 'expect' names \(name), which is not checked here: \(reason)"
    }
  }
}
