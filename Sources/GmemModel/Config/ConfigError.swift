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

    /// Escaped, so that a name with a line break still gives one line; a
    /// `--set` text is cut like any echo, a file name only when absurd.
    public var description: String {
      let shown = printable(source, limit: source.hasPrefix("--set ") ? 86 : 4096)
      return position.map { "\(shown):\($0.line):\($0.column)" } ?? shown
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
  /// A `--set` value that is not written as its kind is: an unbalanced
  /// quote, an empty name in a list, a leading zero.
  case malformedValue(Location, key: String, problem: String)
  case tooLarge(Location, keys: [String], message: String)
  case incompatible(Location, keys: [String], message: String)
  case unknownProperty(Location, name: String, suggestion: String?)
  case inapplicableExpectation(Location, name: String, reason: String)

  /// `source` could not be read, for `error`'s reason.
  static func unreadable(_ error: TextFileError, _ source: String) -> ConfigError {
    .unreadable(Location(source, error.position), reason: error.description)
  }

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
      return "\(at): error: unknown key '\(printable(key))'.\(hint)"
    case .duplicateKey(let at, let key, let first):
      return "\(at): error: key '\(printable(key))' appears twice (first at line \(first.line))"
    case .wrongType(let at, let key, let expected, let found):
      return "\(at): error: '\(printable(key))' must be \(expected), found \(printable(found, limit: 82))"
    case .outOfRange(let at, let key, let value, let allowed):
      return
        "\(at): error: '\(key)' must be from \(allowed.lowerBound) to \(allowed.upperBound), found \(value)"
    case .unknownValue(let at, let key, let value, let allowed):
      let hint = didYouMean(value, in: allowed)
      return
        "\(at): error: '\(printable(key))' must be one of \(allowed.joined(separator: ", ")); found '\(printable(value))'.\(hint)"
    case .malformedOverride(let at, let text):
      return "\(at): error: '\(printable(text))' is not key=value (for example --set subpages=5)"
    case .malformedValue(let at, let key, let problem):
      return "\(at): error: '\(key)': \(problem)"
    case .tooLarge(let at, let keys, let message), .incompatible(let at, let keys, let message):
      let names = keys.map { "'\($0)'" }.joined(separator: ", ")
      return "\(at): error: \(message) (keys \(names))"
    case .unknownProperty(let at, let name, let suggestion):
      let hint = suggestion.map { " Did you mean '\($0)'?" } ?? " 'gmemcheck list' shows the properties."
      return "\(at): error: 'expect' names unknown property '\(printable(name))'.\(hint)"
    case .inapplicableExpectation(let at, let name, let reason):
      return "\(at): error: 'expect' names \(printable(name)), which is not checked here: \(reason)"
    }
  }
}
