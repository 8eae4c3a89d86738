import Foundation
import GmemModel
import TestSupport
import Testing

/// Random `--set` overrides and option combinations: in-process for
/// every override, through the binary for a sample of whole command
/// lines.
@Suite struct FlagFuzzTests {
  static let cases = 2_000
  static let spawnEvery = 80

  static let keys = ConfigKey.names + [
    "subpage", "Folios", "", " ", "sub\npages", "\u{1b}[31mkey", String(repeating: "k", count: 5_000),
  ]
  static let values = [
    "1", "2", "15", "0", "16", "-1", "010", "+3", "99999999999999999999", "true", "yes", "huge", "'base'",
    "'base", "base\"", "\"", "", ",,,", "[skipRefcountCheck]", "[skipRefcountCheck", "skipRefcountCheck,,",
    "mergeWithPins,skipSplitOnShare", "1\n2", "a\r", "\u{1b}]0;x\u{7}", "NoUseAfterFree:fail",
    "dmaUnmap:why", ":", String(repeating: "v", count: 3_000), "hostQuiescesDuringConversion",
  ]
  static let options: [[String]] = [
    ["--format", "json"], ["--format", "text"], ["--format", "yaml"], ["--no-deadlock"],
    ["--property", "Deadlock"], ["--property", "NoUseAfterFree"], ["--property", "Nope"],
    ["--max-memory", "64M"], ["--max-memory", "1K"], ["--max-memory", "2G"], ["--threads", "2"],
    ["--threads", "0"], ["--no-symmetry"], ["--exact"], ["--coverage"], ["--max-depth", "4"],
    ["--max-depth", "x"], ["--bogus"], ["extra.json5"], ["--set"],
  ]

  static func override(_ random: inout Seeded) -> String {
    random.pick(Self.keys) + random.pick(["=", "=", "=", ":", ""]) + random.pick(Self.values)
  }

  @Test func overridesAreAppliedOrRefusedInOneLine() throws {
    var random = Seeded(state: 1616)
    var refused = 0
    for n in 0..<Self.cases {
      let text = Self.override(&random)
      var config = ModelConfig()
      do {
        try config.apply(override: text)
        try config.validate(source: "--set")
      } catch {
        refused += 1
        try checkMessage(error.description, source: "--set", "case \(n): --set \(text.debugDescription)")
      }
    }
    #expect(refused > Self.cases / 2 && refused < Self.cases)
  }

  @Test func commandLinesEndInADocumentedStatus() throws {
    var random = Seeded(state: 16_16)
    for n in 0..<(Self.cases / Self.spawnEvery) {
      var args = ["check", "Models/default.json5", "--max-states", "300"]
      var sets: [String] = []
      for _ in 0..<random.below(4) {
        let text = Self.override(&random)
        sets.append(text)
        args += ["--set", text]
      }
      for _ in 0..<random.below(3) { args += random.pick(Self.options) }
      let label = "case \(n): \(args.map(\.debugDescription).joined(separator: " "))"
      let r = try CLI.run(args)
      #expect([0, 1, 2, 3].contains(r.status), "\(label): status \(r.status)")
      if r.status == 2 {
        #expect(r.stdout.isEmpty, "\(label)")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[0].hasPrefix("gmemcheck: "), "\(label): \(r.stderr)")
        let message = String(lines[0].dropFirst("gmemcheck: ".count))
        // A file's or override's error starts with its place; an option's
        // names the option, an argument's the argument.
        if message.contains(": error: ") {
          try checkMessage(message, source: "Models/default.json5", label)
        } else {
          #expect(message.contains("'--") || message.contains(" --") || message.contains("'extra.json5'"), "\(label): \(message)")
        }
      } else {
        var config = try ModelConfig.load(file: CLI.root.appendingPathComponent("Models/default.json5").path)
        #expect(throws: Never.self, "\(label): passed overrides the loader refuses") {
          for text in sets { try config.apply(override: text) }
        }
        #expect(r.stdout.contains("result: "), "\(label)")
      }
    }
  }
}
