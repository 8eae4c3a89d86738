/// A 1-based line and column in a text (columns count characters).
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public var description: String { "\(line):\(column)" }

  /// Moves past `bytes[i]` of UTF-8 text. JSON5's line terminators (LF,
  /// CR not before LF, U+2028, U+2029) start a line; a column is a
  /// character, so continuation bytes count for nothing. O(1).
  @inline(__always)
  mutating func advance(past i: Int, in bytes: [UInt8]) {
    let b = bytes[i]
    if b & 0xC0 == 0x80 { return }
    if b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A))
      || (b == 0xE2 && isLineSeparator(bytes, i))
    {
      line += 1
      column = 1
    } else {
      column += 1
    }
  }
}

/// Whether U+2028 or U+2029 starts at `bytes[i]`.
@inline(__always)
func isLineSeparator(_ bytes: [UInt8], _ i: Int) -> Bool {
  i + 2 < bytes.count && bytes[i] == 0xE2 && bytes[i + 1] == 0x80 && (bytes[i + 2] | 1) == 0xA9
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

extension JSON5Node {
  /// The value without positions, as the tool's own JSON writes it.
  public var plain: JSONValue {
    switch value {
    case .null: .null
    case .bool(let b): .bool(b)
    case .integer(let i): .int(i)
    case .number(let d): .double(d)
    case .string(let s): .string(s)
    case .array(let items): .array(items.map(\.plain))
    case .object(let members): .object(members.map { ($0.key, $0.value.plain) })
    }
  }
}

extension JSONValue {
  /// The first place, as a JSON path from `path`, where `other` differs
  /// from this value, with both values there; nil when they are equal.
  /// O(size).
  public func firstDifference(from other: JSONValue, at path: String) -> (path: String, mine: String, other: String)? {
    switch (self, other) {
    case (.object(let a), .object(let b)):
      for (key, value) in a {
        guard let match = b.first(where: { $0.0 == key }) else { return ("\(path).\(key)", value.rendered(), "nothing") }
        if let d = value.firstDifference(from: match.1, at: "\(path).\(key)") { return d }
      }
      if let extra = b.first(where: { key in !a.contains { $0.0 == key.0 } }) {
        return ("\(path).\(extra.0)", "nothing", extra.1.rendered())
      }
      return nil
    case (.array(let a), .array(let b)):
      for (i, (x, y)) in zip(a, b).enumerated() {
        if let d = x.firstDifference(from: y, at: "\(path)[\(i)]") { return d }
      }
      return a.count == b.count ? nil : ("\(path)", "\(a.count) items", "\(b.count) items")
    default:
      return self == other ? nil : (path, rendered(), other.rendered())
    }
  }
}
