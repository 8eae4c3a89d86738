import Foundation
import GmemModel
import Invariants
import TestSupport
import Testing

/// The shipped scenarios and two JSON traces, damaged thousands of ways:
/// replay never crashes, refuses with one line that says where, passes
/// only what it read whole, and the binary agrees on a sample (issue 16).
@Suite struct ReplayFuzzTests {
  static let cases = 2_000
  static let spawnEvery = 80

  /// Scenario files, their `config` made absolute so a copy elsewhere
  /// still finds it, and two `check --format json` outputs (a safety
  /// trace and lassos).
  static let originals: [(name: String, json: Bool, bytes: [UInt8])] = {
    let dir = CLI.root.appendingPathComponent("Scenarios").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.filter { $0.hasSuffix(".scenario") }.sorted() ?? []
    var result: [(String, Bool, [UInt8])] = names.map { name in
      let text = (try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)) ?? ""
      let fixed = text.replacingOccurrences(of: "config ../Models/", with: "config \(CLI.root.path)/Models/")
      return (name, false, Array(fixed.utf8))
    }
    for model in ["mutants/skip-refcount-check", "transient-refs"] {
      let r = try? CLI.run(["check", "Models/\(model).json5", "--set", "subpages=2", "--format", "json"])
      // The timings fixed, so that every run damages the same bytes (their
      // length moved what a byte range cut).
      let timed = #/"(seconds|statesPerSecond)":[-+0-9.eE]+/#
      let json = (r?.stdout ?? "").replacing(timed) { "\"\($0.output.1)\":1.0" }
      result.append((model + ".json", true, Array(json.utf8)))
    }
    return result
  }()

  /// Damage only the scenario grammar knows: a step's outcome changed.
  static let scenarioDamage: [Damage] = [
    { random, bytes in
      let text = String(decoding: bytes, as: UTF8.self)
      let outcomes = ["ok", "SIGBUS", "EAGAIN", "EINVAL", "EPERM", "disabled", "sigbus", "EAGAIN at p9"]
      let arrows = Array(text.ranges(of: "=> "))
      guard !arrows.isEmpty else { return nil }
      let arrow = random.pick(arrows)
      var out = text
      out.replaceSubrange(arrow.upperBound..<arrow.upperBound, with: random.pick(outcomes) + " ")
      return Mutant(name: "outcome at \(text.distance(from: text.startIndex, to: arrow.lowerBound))", bytes: Array(out.utf8), effect: .mayParse)
    },
  ]

  enum Verdict { case matched, diverged, refused(String) }

  /// What `gmemcheck replay` decides for these bytes, in process.
  func replay(_ bytes: [UInt8], json: Bool, source: String) -> Verdict {
    do {
      let text: String
      do { text = try TextFile.decode(bytes) } catch {
        throw ScenarioError(source, error.position, "cannot read it: \(error.description)")
      }
      let scenarios = json ? try Scenario.fromCheckJSON(text, source: source) : [try Scenario.parse(text, source: source)]
      var diverged = false
      for s in scenarios {
        let config = try s.configuration()
        let model = GuestMemfd(config)
        let properties = Invariant.applicable(to: config).map { i in ReplayProperty(name: i.name) { i.violation(model, $0) } }
        if try s.replay(on: model, checking: properties).divergence != nil { diverged = true }
      }
      return diverged ? .diverged : .matched
    } catch {
      return .refused(String(describing: error))
    }
  }

  @Test func damagedScenariosAndTracesAreRefusedInOneLineOrReplayed() throws {
    var mutator = Mutator(random: Seeded(state: 17))
    var counts = (matched: 0, diverged: 0, refused: 0)
    for n in 0..<Self.cases {
      let original = Self.originals[n % Self.originals.count]
      let m = mutator.mutate(original.bytes, extra: original.json ? [] : Self.scenarioDamage)
      let label = "case \(n): \(original.name), \(m.name)"
      let verdict = replay(m.bytes, json: original.json, source: "fuzz")
      switch verdict {
      case .matched: counts.matched += 1
      case .diverged: counts.diverged += 1
      case .refused(let message):
        counts.refused += 1
        try checkMessage(message, source: "fuzz", label)
      }
      if case .notUTF8(let line, let column) = m.effect {
        guard case .refused(let message) = verdict else {
          Issue.record("\(label): read bytes that are not UTF-8")
          continue
        }
        #expect(message.hasPrefix("fuzz:\(line):\(column): error: cannot read it: not UTF-8"), "\(label): \(message)")
      }
      if n % Self.spawnEvery == 0 { try checkBinary(m.bytes, json: original.json, verdict, label) }
    }
    // The damage is real: every kind of ending occurs.
    #expect(counts.matched > 0 && counts.diverged > 0 && counts.refused > 0, "\(counts)")
  }

  /// The binary on the same bytes agrees: 0 matched, 1 diverged, 2 a
  /// refusal as one stderr line with a place.
  func checkBinary(_ bytes: [UInt8], json: Bool, _ verdict: Verdict, _ label: String) throws {
    let path = try CLI.configFile("", name: json ? "fuzz.json" : "fuzz.scenario")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let r = try CLI.run(["replay", path])
    switch verdict {
    case .matched: #expect(r.status == 0, "\(label): \(r.stdout)")
    case .diverged: #expect(r.status == 1, "\(label): \(r.stdout)")
    case .refused:
      #expect(r.status == 2, "\(label): \(r.stdout)")
      let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      #expect(lines.count == 1, "\(label): \(r.stderr)")
      try checkMessage(String(lines.first?.dropFirst("gmemcheck: ".count) ?? ""), source: path, label)
    }
  }
}
