/// A 1-based line and column in a text (columns count characters).
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public var description: String { "\(line):\(column)" }
}

/// A parsed JSON5 value with where it starts, so that configuration errors
/// can point at the offending key or value.
public struct JSON5Node: Sendable {
  public var value: JSON5Value
  public var position: SourcePosition
}

public struct JSON5Member: Sendable {
  public var key: String
  public var keyPosition: SourcePosition
  public var value: JSON5Node
}

public enum JSON5Value: Sendable {
  case null
  case bool(Bool)
  /// A number written without fraction or exponent that fits an `Int`.
  case integer(Int)
  case number(Double)
  case string(String)
  case array([JSON5Node])
  /// Members in source order; duplicates are kept for the reader to judge.
  case object([JSON5Member])

  /// How a value is named in a type error.
  public var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .integer: "an integer"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}

public struct JSON5SyntaxError: Error, Equatable, Sendable {
  public var position: SourcePosition
  public var message: String
}
