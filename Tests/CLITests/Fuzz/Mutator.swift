import TestSupport

/// The fuzz tests' choices: seeded, so a failure names a case to rerun.
typealias Seeded = SplitMix64

/// Damage an input kind knows how to do, or nil where it does not apply.
typealias Damage = @Sendable (inout Seeded, [UInt8]) -> Mutant?

/// A damaged input and what the damage must do to it.
struct Mutant {
  enum Effect: Equatable {
    /// Anything may happen but a crash: the damage may fall in a comment.
    case mayParse
    /// A reader must refuse it.
    case mustFail
    /// A reader must refuse it as not UTF-8, at this line and column.
    case notUTF8(line: Int, column: Int)
  }
  let name: String
  let bytes: [UInt8]
  let effect: Effect
}

/// Damage any text input takes: bit flips, truncation, stray CR, LF, BOM,
/// U+2028, NUL, escape sequences and bytes that are not UTF-8. An input
/// kind (configurations here; scenarios and JSON traces next) adds the
/// damage only its grammar knows, as `extra`, and its own checks.
struct Mutator {
  var random: Seeded

  static let insertions: [(String, [UInt8])] = [
    ("CR", [0x0D]), ("LF", [0x0A]), ("CRLF", [0x0D, 0x0A]), ("BOM", [0xEF, 0xBB, 0xBF]),
    ("U+2028", [0xE2, 0x80, 0xA8]), ("U+2029", [0xE2, 0x80, 0xA9]), ("NUL", [0]),
    ("ESC", Array("\u{1b}[2J".utf8)), ("backslash-n", Array("\\n".utf8)),
    ("backslash-u", Array("\\u001b".utf8)), ("quote", [UInt8(ascii: "'")]), ("brace", [UInt8(ascii: "}")]),
  ]

  mutating func mutate(_ input: [UInt8], extra: [Damage] = []) -> Mutant {
    let kinds = 5 + extra.count
    let k = random.below(kinds)
    if k >= 5, let m = extra[k - 5](&random, input) { return m }
    var bytes = input
    let at = random.below(bytes.count + 1)
    switch k {
    case 0:
      guard !bytes.isEmpty else { break }
      let i = random.below(bytes.count)
      bytes[i] ^= UInt8(1 << random.below(8))
      return Mutant(name: "flip byte \(i)", bytes: bytes, effect: .mayParse)
    case 1:
      let (name, inserted) = random.pick(Self.insertions)
      bytes.insert(contentsOf: inserted, at: at)
      return Mutant(name: "insert \(name) at \(at)", bytes: bytes, effect: .mayParse)
    case 2:
      let bad: [UInt8] = random.pick([[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xE2, 0x82]])
      // Inserted between characters, never inside one.
      var i = at
      while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
      let (line, column) = Self.position(of: i, in: bytes)
      bytes.insert(contentsOf: bad, at: i)
      return Mutant(name: "insert non-UTF-8 at \(i)", bytes: bytes, effect: .notUTF8(line: line, column: column))
    case 3:
      let end = min(bytes.count, at + random.below(40))
      bytes.removeSubrange(at..<end)
      return Mutant(name: "delete \(at)..<\(end)", bytes: bytes, effect: .mayParse)
    default:
      let end = min(bytes.count, at + random.below(40))
      bytes.insert(contentsOf: bytes[at..<end], at: end)
      return Mutant(name: "repeat \(at)..<\(end)", bytes: bytes, effect: .mayParse)
    }
    return Mutant(name: "unchanged", bytes: bytes, effect: .mayParse)
  }

  /// Line and column of `bytes[i]`, counted as JSON5 counts them (LF, a
  /// CR not before LF, U+2028 and U+2029 end a line; a column is a
  /// character): written apart from the reader's own count, to check it.
  static func position(of i: Int, in bytes: [UInt8]) -> (Int, Int) {
    let text = String(decoding: bytes[..<i], as: UTF8.self)
    var line = 1
    var column = 1
    var previous: Unicode.Scalar? = nil
    for s in text.unicodeScalars {
      if s == "\n" && previous == "\r" {
        // CR LF: the CR ended the line already.
      } else if ["\n", "\r", "\u{2028}", "\u{2029}"].contains(s) {
        line += 1
        column = 1
      } else {
        column += 1
      }
      previous = s
    }
    return (line, column)
  }
}
