import Foundation
import Testing

@testable import GmemModel

/// Reading a file: each way it can fail has its own reason, and a file
/// that is not UTF-8 says where its first bad byte is.
@Suite struct TextFileTests {
  func reason(_ path: String) -> TextFileError? {
    do {
      _ = try TextFile.read(path)
      return nil
    } catch {
      return error
    }
  }

  func decodeError(_ bytes: [UInt8]) -> TextFileError? {
    do {
      _ = try TextFile.decode(bytes)
      return nil
    } catch {
      return error
    }
  }

  func temporary(_ bytes: [UInt8]) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gmem-\(UUID().uuidString)").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func eachFailureHasItsOwnReason() throws {
    #expect(reason("/nonexistent/x.json5") == .notFound)
    #expect(reason("") == .notFound)
    #expect(reason(FileManager.default.temporaryDirectory.path) == .isDirectory)
    #expect(reason("/dev/null") == .notRegularFile(kind: "a character device"))
    let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("gmem-fifo-\(UUID().uuidString)").path
    #expect(mkfifo(fifo, 0o600) == 0)
    // Refused at once: a FIFO with no writer would block a plain open.
    #expect(reason(fifo) == .notRegularFile(kind: "a FIFO"))
    #expect(TextFileError(errno: EACCES) == .permissionDenied)
    #expect(TextFileError(errno: EACCES).description == "permission denied")
    #expect(TextFileError(errno: EIO).description == "Input/output error")
    let big = try temporary(Array(repeating: UInt8(ascii: " "), count: 100))
    #expect(throws: TextFileError.tooLarge(bytes: 100, limit: 64)) { try TextFile.read(big, maxBytes: 64) }
  }

  @Test func theFirstBadByteIsPlacedByLineAndColumn() throws {
    let bytes: [UInt8] = Array("{\n  a: 'é".utf8) + [0xFF] + Array("'\n}".utf8)
    #expect(decodeError(bytes) == .notUTF8(SourcePosition(line: 2, column: 8), byte: 0xFF))
    #expect(decodeError(bytes)?.description == "not UTF-8 text (byte 0xFF)")
    let path = try temporary(bytes)
    #expect(reason(path) == .notUTF8(SourcePosition(line: 2, column: 8), byte: 0xFF))
  }

  @Test(arguments: [
    [0xC0, 0x80],  // overlong NUL
    [0xE0, 0x80, 0x80],  // overlong
    [0xED, 0xA0, 0x80],  // a surrogate
    [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
    [0xE2, 0x82],  // cut short
    [0x80],  // a continuation byte alone
  ] as [[UInt8]])
  func malformedSequencesAreRefused(sequence: [UInt8]) {
    #expect(decodeError(Array("ab".utf8) + sequence)?.position == SourcePosition(line: 1, column: 3))
  }

  @Test func lineTerminatorsAreJSON5s() {
    // CR LF is one; a lone CR, U+2028 and U+2029 are one each.
    let text = "a\r\nb\rc\u{2028}d\u{2029}e"
    #expect(decodeError(Array(text.utf8) + [0xFF])?.position == SourcePosition(line: 5, column: 2))
    #expect(decodeError(Array("€€".utf8) + [0xFE])?.position == SourcePosition(line: 1, column: 3))
  }

  @Test func aConfigurationThatIsNotUTF8IsRefusedWithItsPlace() {
    let bytes = Array("{\n  folios: 1, // ".utf8) + [0xE9] + Array("\n}".utf8)
    #expect(throws: ConfigError.unreadable(.init("cfg.json5", .init(line: 2, column: 17)), reason: "not UTF-8 text (byte 0xE9)")) {
      try ModelConfig.parse(bytes: bytes, source: "cfg.json5")
    }
  }
}

/// Every message is one line: names, keys and values are escaped, and
/// long ones cut.
@Suite struct EchoTests {
  @Test func controlCharactersAreEscaped() {
    #expect(printable("a\nb\r\tc\0") == "a\\nb\\r\\tc\\0")
    #expect(printable("\u{1b}[31mred") == "\\u{1b}[31mred")
    #expect(printable("x\u{2028}y\u{202e}z") == "x\\u{2028}y\\u{202e}z")
    #expect(printable("é€ ok") == "é€ ok")
  }

  @Test func longTextIsCutAtEightyCharacters() {
    let long = String(repeating: "k", count: 2_000_000)
    #expect(printable(long) == String(repeating: "k", count: 80) + "...")
    #expect(printable(String(repeating: "k", count: 80)) == String(repeating: "k", count: 80))
  }

  @Test func aKeyWithALineBreakGivesOneLine() {
    let e = failure("{ 'sub\\npages': 1 }")
    #expect(e?.description == "cfg.json5:1:3: error: unknown key 'sub\\npages'. Did you mean 'subpages'?")
    let escape = failure("{ '\\u001b[2Jx': 1 }")
    #expect(escape?.description.contains("'\\u{1b}[2Jx'") == true)
  }

  @Test func overridesWithBreaksOrReturnsGiveOneLine() {
    #expect(overrideFailure("subpages=1\n2")?.description == "--set subpages=1\\n2: error: 'subpages' must be an integer, found '1\\n2'")
    #expect(overrideFailure("backing=base\r")?.description.contains("\r") == false)
    let file = ConfigError.unknownKey(.init("dir\nname.json5", .init(line: 1, column: 1)), key: "k", suggestion: nil)
    #expect(file.description.hasPrefix("dir\\nname.json5:1:1: error:"))
  }

  @Test func aHugeUnknownKeyIsQuickAndShort() {
    let key = String(repeating: "x", count: 2_000_000)
    let clock = ContinuousClock()
    let start = clock.now
    let e = failure("{ \(key): 1 }")
    #expect(clock.now - start < .seconds(2))
    #expect(e?.description.count ?? .max < 200)
    #expect(nearestName(to: String(repeating: "s", count: 65), in: ["subpages"]) == nil)
    #expect(nearestName(to: "subpage", in: ["subpages"]) == "subpages")
  }
}

/// `--set` values are written as on a command line, but completely.
@Suite struct OverrideTextTests {
  @Test(arguments: [
    ("backing='base", "--set backing='base: error: 'backing': a quote without its partner in 'base"),
    ("backing=base\"", "--set backing=base\": error: 'backing': a quote without its partner in base\""),
    ("mutants=,,,", "--set mutants=,,,: error: 'mutants': an empty item in ',,,' (separate items with single commas)"),
    ("mutants=skipRefcountCheck,,mergeWithPins", "--set mutants=skipRefcountCheck,,mergeWithPins: error: 'mutants': an empty item in 'skipRefcountCheck,,mergeWithPins' (separate items with single commas)"),
    ("mutants=[skipRefcountCheck", "--set mutants=[skipRefcountCheck: error: 'mutants': a bracket without its partner in '[skipRefcountCheck'"),
    ("subpages=010", "--set subpages=010: error: 'subpages': '010' has a leading zero (JSON5 has no octal)"),
    ("unfired=,", "--set unfired=,: error: 'unfired': an empty item in ',' (separate items with single commas)"),
  ])
  func malformedValuesAreRefused(text: String, message: String) {
    #expect(overrideFailure(text)?.description == message)
  }

  @Test func wellFormedValuesStillWork() throws {
    var c = ModelConfig()
    try c.apply(override: "backing='base'")
    try c.apply(override: "mutants=[\"skipRefcountCheck\", 'mergeWithPins']")
    try c.apply(override: "subpages=+3")
    #expect(c.backing == .base && c.mutants == [.skipRefcountCheck, .mergeWithPins] && c.subpages == 3)
    try c.apply(override: "mutants=")
    #expect(c.mutants.isEmpty)
    try c.apply(override: "mutants=[]")
    #expect(c.mutants.isEmpty)
  }
}
