import Foundation
import GmemModel
import TestSupport
import Testing

/// The shipped configurations, damaged thousands of ways: the loader
/// never crashes, refuses with one line that says where, accepts only
/// what parses, and the binary agrees on a sample.
@Suite struct ConfigFuzzTests {
  static let cases = 3_000
  /// One case in this many is also run through the binary.
  static let spawnEvery = 75

  static let originals: [(String, [UInt8])] = {
    let models = CLI.root.appendingPathComponent("Models")
    let files = (FileManager.default.enumerator(atPath: models.path)?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".json5") }.sorted()
    return files.map { ($0, [UInt8](FileManager.default.contents(atPath: models.appendingPathComponent($0).path)!)) }
  }()

  /// Damage only a configuration's grammar knows: each must be refused.
  static let configDamage: [Damage] = [
    { random, bytes in
      // Cut before the closing brace: the object never ends.
      guard let close = bytes.lastIndex(of: UInt8(ascii: "}")) else { return nil }
      let at = random.below(close)
      return Mutant(name: "truncate at \(at)", bytes: Array(bytes[..<at]), effect: .mustFail)
    },
    { random, bytes in
      guard let (range, _) = random.pickMember(bytes) else { return nil }
      var out = bytes
      out.insert(contentsOf: bytes[range], at: range.upperBound)
      return Mutant(name: "duplicate the member at \(range)", bytes: out, effect: .mustFail)
    },
    { random, bytes in
      guard let (_, value) = random.pickMember(bytes, numeric: true) else { return nil }
      var out = bytes
      let replacement = random.pick(["0" , "99999999999999999999", "-1", "1e400", "0x" + String(repeating: "F", count: 40)])
      out.replaceSubrange(value, with: Array((replacement == "0" ? "0" + String(decoding: bytes[value], as: UTF8.self) : replacement).utf8))
      return Mutant(name: "number \(value) -> \(replacement)", bytes: out, effect: .mustFail)
    },
  ]

  @Test func damagedConfigurationsAreRefusedInOneLineOrRead() throws {
    var mutator = Mutator(random: Seeded(state: 16))
    var spawned = 0
    var refused = 0
    for n in 0..<Self.cases {
      let (name, original) = Self.originals[n % Self.originals.count]
      let m = mutator.mutate(original, extra: Self.configDamage)
      let label = "case \(n): \(name), \(m.name)"
      var error: ConfigError? = nil
      do {
        _ = try ModelConfig.parse(bytes: m.bytes, source: "fuzz.json5")
        // Read: then it is UTF-8 and JSON5, whatever else it is.
        #expect(throws: Never.self, "\(label)") { _ = try JSON5Parser.parse(try TextFile.decode(m.bytes)) }
      } catch let e {
        error = e
        refused += 1
        try checkMessage(e.description, source: "fuzz.json5", label)
      }
      switch m.effect {
      case .mayParse: break
      case .mustFail: #expect(error != nil, "\(label): accepted")
      case .notUTF8(let line, let column):
        #expect(error == .unreadable(.init("fuzz.json5", .init(line: line, column: column)), reason: error?.reason ?? ""), "\(label): \(String(describing: error))")
      }
      if n % Self.spawnEvery == 0 {
        spawned += 1
        try checkBinary(m.bytes, readable: error == nil, label)
      }
    }
    // The damage is real: most cases are refused, some are not.
    #expect(refused > Self.cases / 2 && refused < Self.cases)
    #expect(spawned == Self.cases / Self.spawnEvery)
  }

  /// The binary on the same bytes: a status it documents; a refusal is
  /// one line with a place; it passes only what the loader reads.
  func checkBinary(_ bytes: [UInt8], readable: Bool, _ label: String) throws {
    let path = try CLI.configFile("", name: "fuzz.json5")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let r = try CLI.run(["check", path, "--max-states", "300", "--threads", "1"])
    #expect([0, 1, 2, 3].contains(r.status), "\(label): status \(r.status)")
    if r.status == 2 {
      #expect(r.stdout.isEmpty, "\(label)")
      let line = r.stderr.dropFirst("gmemcheck: ".count).dropLast()
      try checkMessage(String(line), source: path, label)
      #expect(r.stderr.hasPrefix("gmemcheck: ") && r.stderr.hasSuffix("\n"), "\(label)")
    } else {
      #expect(readable, "\(label): the binary accepted what the loader refused")
      #expect(r.stdout.contains("\nresult: "), "\(label)")
    }
    if !readable { #expect(r.status == 2, "\(label)") }
  }
}

/// One line, no control character, short, and starting with its place:
/// `FILE:LINE:COL: error:`, `FILE: error:` (the whole file), or
/// `--set KEY=VALUE: error:`.
func checkMessage(_ message: String, source: String, _ label: String) throws {
  #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(label): \(message)")
  #expect(message.count < 400, "\(label): \(message.count) characters")
  let place = try Regex("^(\(NSRegularExpression.escapedPattern(for: source))(:[0-9]+:[0-9]+)?|--set .*?): error: ")
  #expect(message.firstMatch(of: place) != nil, "\(label): no place in \(message)")
}

extension Seeded {
  /// A top-level `key: value,` member on a line of its own (two spaces
  /// in, as the catalog writes them): its line, and its value.
  mutating func pickMember(_ bytes: [UInt8], numeric: Bool = false) -> (Range<Int>, Range<Int>)? {
    var members: [(Range<Int>, Range<Int>)] = []
    var start = 0
    for (i, b) in bytes.enumerated() where b == 0x0A {
      let line = bytes[start..<i]
      if let m = String(decoding: line, as: UTF8.self).wholeMatch(of: #/  [A-Za-z]+: ([^,]+),/#) {
        let valueStart = start + m.output.0.utf8.count - 1 - m.output.1.utf8.count
        let value = valueStart..<(valueStart + m.output.1.utf8.count)
        if !numeric || bytes[value].allSatisfy({ (0x30...0x39).contains($0) }) {
          members.append((start..<(i + 1), value))
        }
      }
      start = i + 1
    }
    return members.isEmpty ? nil : pick(members)
  }
}

extension ConfigError {
  var reason: String {
    if case .unreadable(_, let reason) = self { return reason }
    return ""
  }
}
