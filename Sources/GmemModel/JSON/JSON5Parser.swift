/// A JSON5 reader (https://spec.json5.org) that reports line and column.
///
/// Foundation's `JSONDecoder` accepts JSON5 but, on Linux, says only "The
/// given data was not valid JSON" with no position; a configuration error
/// must say where it is. Identifier keys are ASCII only.
public struct JSON5Parser {
  private let bytes: [UInt8]
  private var index = 0
  private var position = SourcePosition(line: 1, column: 1)

  public init(_ text: String) { bytes = Array(text.utf8) }

  /// Parses one value filling the whole text (comments and white space
  /// around it allowed). O(length of the text).
  public static func parse(_ text: String) throws(JSON5SyntaxError) -> JSON5Node {
    var parser = JSON5Parser(text)
    try parser.skipBlank()
    if parser.atEnd { throw parser.error("the text holds no value") }
    let node = try parser.value(depth: 0)
    try parser.skipBlank()
    if !parser.atEnd {
      throw parser.error("unexpected \(parser.describeCurrent()) after the value")
    }
    return node
  }

  private var atEnd: Bool { index >= bytes.count }
  private var current: UInt8 { bytes[index] }

  private func error(_ message: String, at where_: SourcePosition? = nil) -> JSON5SyntaxError {
    JSON5SyntaxError(position: where_ ?? position, message: message)
  }

  private func describeCurrent() -> String {
    if atEnd { return "end of text" }
    if atLineTerminator { return "end of line" }
    guard let scalar = scalarHere else { return "byte 0x" + String(current, radix: 16, uppercase: true) }
    return "'\(printable(String(scalar)))'"
  }

  /// The character starting at `index` (the text is valid UTF-8).
  private var scalarHere: Unicode.Scalar? {
    var decoder = UTF8()
    var bytes = self.bytes[index...].makeIterator()
    if case .scalarValue(let s) = decoder.decode(&bytes) { return s }
    return nil
  }

  private var atLineTerminator: Bool {
    current == 0x0A || current == 0x0D || isLineSeparator(bytes, index)
  }

  private mutating func advance() {
    position.advance(past: index, in: bytes)
    index += 1
  }

  private mutating func skipBlank() throws(JSON5SyntaxError) {
    while !atEnd {
      switch current {
      case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C:
        advance()
      case 0x80... where isBlank(scalarHere):
        advance()
        while !atEnd && current & 0xC0 == 0x80 { advance() }
      case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
        // JSON5 ends a comment at any line terminator, U+2028 included.
        while !atEnd && !atLineTerminator { advance() }
      case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
        let start = position
        advance(); advance()
        while true {
          if atEnd { throw error("unterminated /* comment", at: start) }
          if current == UInt8(ascii: "*") && index + 1 < bytes.count
            && bytes[index + 1] == UInt8(ascii: "/")
          {
            advance(); advance()
            break
          }
          advance()
        }
      default:
        return
      }
    }
  }

  /// JSON5's white space beyond ASCII: no-break space, the byte order
  /// mark, the line and paragraph separators, and every space separator.
  private func isBlank(_ s: Unicode.Scalar?) -> Bool {
    guard let s else { return false }
    return s == "\u{A0}" || s == "\u{FEFF}" || s == "\u{2028}" || s == "\u{2029}"
      || s.properties.generalCategory == .spaceSeparator
  }

  private mutating func value(depth: Int) throws(JSON5SyntaxError) -> JSON5Node {
    // Configurations are shallow; the bound keeps a hostile file from
    // overflowing the stack.
    if depth > 64 { throw error("values nested more than 64 deep") }
    let start = position
    if atEnd { throw error("expected a value, found end of text") }
    switch current {
    case UInt8(ascii: "{"): return JSON5Node(value: try object(depth: depth), position: start)
    case UInt8(ascii: "["): return JSON5Node(value: try array(depth: depth), position: start)
    case UInt8(ascii: "\""), UInt8(ascii: "'"):
      return JSON5Node(value: .string(try string()), position: start)
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
      UInt8(ascii: "."):
      return JSON5Node(value: try number(), position: start)
    default:
      let word = identifier()
      switch word {
      case "true": return JSON5Node(value: .bool(true), position: start)
      case "false": return JSON5Node(value: .bool(false), position: start)
      case "null": return JSON5Node(value: .null, position: start)
      case "Infinity": return JSON5Node(value: .number(.infinity), position: start)
      case "NaN": return JSON5Node(value: .number(.nan), position: start)
      case "":
        throw error("expected a value, found \(describeCurrent())")
      default:
        let shown = printable(word)
        throw error("'\(shown)' is not a JSON5 value (strings need quotes: \"\(shown)\")", at: start)
      }
    }
  }

  private mutating func identifier() -> String {
    var scalars = String.UnicodeScalarView()
    while !atEnd {
      let c = current
      let isStart =
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
        || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "_")
        || c == UInt8(ascii: "$")
      let isDigit = c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
      guard isStart || (isDigit && !scalars.isEmpty) else { break }
      scalars.append(Unicode.Scalar(c))
      advance()
    }
    return String(scalars)
  }

  private mutating func expect(_ c: Character, _ what: String) throws(JSON5SyntaxError) {
    try skipBlank()
    guard !atEnd, current == c.asciiValue! else {
      throw error("expected \(what), found \(describeCurrent())")
    }
    advance()
  }

  private mutating func object(depth: Int) throws(JSON5SyntaxError) -> JSON5Value {
    advance()  // {
    var members: [JSON5Member] = []
    while true {
      try skipBlank()
      if atEnd { throw error("unterminated object: expected a key or '}'") }
      if current == UInt8(ascii: "}") {
        advance()
        return .object(members)
      }
      let keyStart = position
      let key: String
      if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
        key = try string()
      } else {
        key = identifier()
        if key.isEmpty { throw error("expected a key or '}', found \(describeCurrent())") }
      }
      try expect(":", "':' after the key '\(printable(key))'")
      try skipBlank()
      let node = try value(depth: depth + 1)
      members.append(JSON5Member(key: key, keyPosition: keyStart, value: node))
      try skipBlank()
      if atEnd { throw error("unterminated object: expected ',' or '}'") }
      if current == UInt8(ascii: ",") {
        advance()
      } else if current != UInt8(ascii: "}") {
        throw error("expected ',' or '}' after the value of '\(printable(key))', found \(describeCurrent())")
      }
    }
  }

  private mutating func array(depth: Int) throws(JSON5SyntaxError) -> JSON5Value {
    advance()  // [
    var items: [JSON5Node] = []
    while true {
      try skipBlank()
      if atEnd { throw error("unterminated array: expected a value or ']'") }
      if current == UInt8(ascii: "]") {
        advance()
        return .array(items)
      }
      items.append(try value(depth: depth + 1))
      try skipBlank()
      if atEnd { throw error("unterminated array: expected ',' or ']'") }
      if current == UInt8(ascii: ",") {
        advance()
      } else if current != UInt8(ascii: "]") {
        throw error("expected ',' or ']' in the array, found \(describeCurrent())")
      }
    }
  }

  private mutating func hexDigits(_ count: Int) throws(JSON5SyntaxError) -> UInt32 {
    var v: UInt32 = 0
    for _ in 0..<count {
      guard !atEnd, let d = hexValue(current) else {
        throw error("expected a hexadecimal digit, found \(describeCurrent())")
      }
      v = v * 16 + UInt32(d)
      advance()
    }
    return v
  }

  private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  private mutating func string() throws(JSON5SyntaxError) -> String {
    let start = position
    let quote = current
    advance()
    var utf8: [UInt8] = []
    while true {
      if atEnd { throw error("unterminated string", at: start) }
      let c = current
      if c == quote {
        advance()
        break
      }
      if c == 0x0A || c == 0x0D {
        throw error("unterminated string: a line ends inside it", at: start)
      }
      if c != UInt8(ascii: "\\") {
        utf8.append(c)
        advance()
        continue
      }
      advance()
      if atEnd { throw error("unterminated string", at: start) }
      let e = current
      var scalar: UInt32? = nil
      switch e {
      case UInt8(ascii: "n"): scalar = 0x0A
      case UInt8(ascii: "t"): scalar = 0x09
      case UInt8(ascii: "r"): scalar = 0x0D
      case UInt8(ascii: "b"): scalar = 0x08
      case UInt8(ascii: "f"): scalar = 0x0C
      case UInt8(ascii: "v"): scalar = 0x0B
      case UInt8(ascii: "0"): scalar = 0
      case _ where atLineTerminator:
        // A line continuation adds nothing (CR LF and U+2028 are one
        // terminator each).
        let crlf = e == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A
        for _ in 0..<(crlf ? 2 : e == 0xE2 ? 3 : 1) { advance() }
        continue
      case UInt8(ascii: "x"):
        advance()
        utf8.append(contentsOf: String(Unicode.Scalar(UInt8(try hexDigits(2)))).utf8)
        continue
      case UInt8(ascii: "u"):
        advance()
        let code = try hexDigits(4)
        guard let s = Unicode.Scalar(code) else {
          throw error("\\u\(String(code, radix: 16)) is not a character (surrogates are not supported)")
        }
        utf8.append(contentsOf: String(s).utf8)
        continue
      default:
        utf8.append(e)  // \\ \' \" \/ and any other character stand for themselves
        advance()
        continue
      }
      utf8.append(contentsOf: String(Unicode.Scalar(scalar!)!).utf8)
      advance()
    }
    return String(decoding: utf8, as: UTF8.self)
  }

  private mutating func number() throws(JSON5SyntaxError) -> JSON5Value {
    let start = position
    var text = ""
    if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
      text.append(Character(Unicode.Scalar(current)))
      advance()
    }
    let negative = text == "-"
    let word = identifier()
    if word == "Infinity" { return .number(negative ? -.infinity : .infinity) }
    if word == "NaN" { return .number(.nan) }
    if !word.isEmpty { throw error("'\(text)\(printable(word))' is not a number", at: start) }
    if !atEnd && current == UInt8(ascii: "0") && index + 1 < bytes.count
      && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + 1])
    {
      throw error("a number may not start with 0 and another digit (JSON5 has no octal): write \(text)\(digitsWithoutLeadingZeros())", at: start)
    }
    if !atEnd && current == UInt8(ascii: "0") && index + 1 < bytes.count
      && (bytes[index + 1] | 0x20) == UInt8(ascii: "x")
    {
      advance(); advance()
      var digits = ""
      while !atEnd, hexValue(current) != nil {
        digits.append(Character(Unicode.Scalar(current)))
        advance()
      }
      guard let v = Int(digits, radix: 16) else {
        throw error("'\(text)0x\(printable(digits))' is not a hexadecimal integer", at: start)
      }
      return .integer(negative ? -v : v)
    }
    var integral = true
    while !atEnd {
      let c = current
      if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
      } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
        integral = false
      } else if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-"))
        && (text.last == "e" || text.last == "E")
      {
      } else {
        break
      }
      text.append(Character(Unicode.Scalar(c)))
      advance()
    }
    if integral, let v = Int(text) { return .integer(v) }
    var literal = text
    if literal.hasPrefix("+") { literal.removeFirst() }
    if literal.hasSuffix(".") { literal += "0" }
    literal = literal.replacing(".e", with: ".0e").replacing(".E", with: ".0E")
    if literal.hasPrefix(".") { literal = "0" + literal }
    if literal.hasPrefix("-.") { literal = "-0" + literal.dropFirst() }
    guard let d = Double(literal), literal.last?.isNumber == true else {
      throw error("'\(printable(text))' is not a number", at: start)
    }
    return .number(d)
  }

  /// The digits from here on as they should be written: without the
  /// leading zeros (for the message that refuses them).
  private func digitsWithoutLeadingZeros() -> String {
    let digits = bytes[index...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    let kept = digits.drop { $0 == UInt8(ascii: "0") }
    return printable(String(decoding: kept.isEmpty ? [UInt8(ascii: "0")] : Array(kept), as: UTF8.self))
  }
}
