import Foundation
import Testing

/// `--threads`, `--no-symmetry`, `--exact`, `--progress` and `bench`, as a
/// user runs them.
@Suite struct EngineOptionTests {
  let safety = ["--property", "NoPrivateInUserspace", "--property", "Deadlock"]

  func json(_ extra: [String]) throws -> [String: Any] {
    let r = try CLI.run(["check", "Models/mutants/skip-refcount-check.json5", "--set", "subpages=2",
      "--format", "json"] + safety + extra)
    #expect(r.status == 1)
    var j = try CLI.json(r.stdout)
    j["seconds"] = nil
    j["statesPerSecond"] = nil
    return j
  }

  func sorted(_ j: [String: Any]) throws -> Data {
    try JSONSerialization.data(withJSONObject: j, options: .sortedKeys)
  }

  @Test func threadCountChangesNothing() throws {
    #expect(try sorted(json(["--threads", "1"])) == sorted(json(["--threads", "2"])))
    #expect(try sorted(json(["--threads", "1", "--no-symmetry"])) == sorted(json(["--threads", "3", "--no-symmetry"])))
  }

  @Test func rawCountsMatchTheGraphEngineAndReductionShrinksThem() throws {
    let raw = try json(["--no-symmetry"])
    let reduced = try json([])
    let graphRun = { (more: [String]) in
      try CLI.json(try CLI.run([
        "check", "Models/mutants/skip-refcount-check.json5", "--set", "subpages=2", "--format", "json",
      ] + more).stdout)
    }
    let graph = try graphRun(["--no-symmetry"])
    let reducedGraph = try graphRun([])
    #expect(raw["states"] as? Int == graph["states"] as? Int)
    #expect(reduced["states"] as? Int == reducedGraph["states"] as? Int)
    #expect(reducedGraph["symmetry"] as? Bool == true && graph["symmetry"] as? Bool == false)
    #expect((reduced["states"] as? Int ?? .max) < (raw["states"] as? Int ?? 0))
    #expect(reduced["symmetry"] as? Bool == true && raw["symmetry"] as? Bool == false)
    #expect(graph["engine"] as? String == "graph" && reduced["engine"] as? String == "frontier")
    #expect(graph["storage"] as? String == "fingerprints" && reduced["storage"] as? String == "fingerprints")
    let exactGraph = try graphRun(["--exact"])
    #expect(exactGraph["storage"] as? String == "exact" && exactGraph["states"] as? Int == reducedGraph["states"] as? Int)
    #expect(exactGraph["collisionProbability"] is NSNull)
    #expect(reduced["collisionProbability"] as? Double ?? 1 < 1e-9)
    let length = { (j: [String: Any]) in (j["counterexample"] as? [String: Any])?["length"] as? Int }
    #expect(length(reduced) == length(raw) && length(raw) == length(graph))
  }

  @Test func exactStorageGivesTheSameAnswer() throws {
    var exact = try json(["--exact"])
    var fingerprints = try json([])
    #expect(exact["storage"] as? String == "exact")
    #expect(exact["collisionProbability"] is NSNull)
    for key in ["storage", "collisionProbability", "bytes"] {
      exact[key] = nil
      fingerprints[key] = nil
    }
    #expect(try sorted(exact) == sorted(fingerprints))
  }

  @Test func livenessIsReducedUnlessTheUserSaysNot() throws {
    let r = try CLI.run(["check", "Models/default.json5", "--set", "subpages=2"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("symmetry-reduced (subpages in a folio, folios), every transition kept"))
    #expect(r.stdout.contains("search: 727 states"))
    let raw = try CLI.run(["check", "Models/default.json5", "--set", "subpages=2", "--no-symmetry"])
    #expect(raw.stdout.contains("no symmetry reduction, every transition kept"))
    #expect(raw.stdout.contains("search: 1,407 states"))
    let s = try CLI.run(["check", "Models/default.json5", "--set", "subpages=2"] + safety)
    #expect(s.stdout.contains("symmetry-reduced"))
    #expect(s.stdout.contains("chance a fingerprint collision hid a state"))
  }

  @Test func progressGoesToStderrOnlyWhenAsked() throws {
    let quiet = try CLI.run(["check", "Models/default.json5", "--set", "subpages=2"] + safety)
    #expect(quiet.stderr.isEmpty)
    // The first line comes after a second; a run this short may print
    // none, but what it prints goes to stderr and nothing else changes.
    let loud = try CLI.run(["check", "Models/default.json5", "--set", "subpages=2", "--progress"] + safety)
    #expect(loud.stdout.contains("result: pass"))
    #expect(loud.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("progress: ") })
  }

  @Test(arguments: [["--threads", "0"], ["--threads", "x"], ["--threads", "257"], ["--exact=yes"]])
  func badEngineOptionsAreUsageErrors(args: [String]) throws {
    let r = try CLI.run(["check", "Models/default.json5"] + args)
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains(args[0].split(separator: "=")[0]))
  }

  /// CI's smoke run: the suite runs and passes; nothing is timed.
  @Test func benchSmokeSuiteRuns() throws {
    let r = try CLI.run(["bench", "--suite", "smoke"])
    #expect(r.status == 0)
    let tables = r.stdout.components(separatedBy: "\nmemory:")
    #expect(tables.count == 2)
    let rows = tables[0].split(separator: "\n").filter { $0.hasPrefix("F") }
    #expect(rows.count == 8)
    // A memory line per case, and the live case's bytes a transition.
    #expect(tables.last?.split(separator: "\n").filter { $0.hasPrefix("F") }.count == 9)
    // The raw count the independent oracle gave (docs/semantics.md).
    #expect(rows.first?.contains("1,407") == true)
    // Two searches side by side count what one search on two threads does.
    let counts = rows.filter { $0.hasPrefix("F1 N3 reduced") }.map { $0.split(separator: " ")[4] }
    #expect(counts.count == 2 && counts[0] == counts[1])
    #expect(rows.contains { $0.hasPrefix("F1 N3 reduced 1+1") })
    // The graph engine, reduced for liveness, stores the frontier's states.
    let live = rows.first { $0.hasPrefix("F1 N3 live") }
    #expect(live?.split(separator: " ")[4] == counts.first)
    // The views case counts the parts check --all-sizes does.
    let viewed = try CLI.run(["check", CLI.root.appendingPathComponent("Models/default.json5").path, "--all-sizes"])
    #expect(viewed.status == 0)
    let viewsHead = try #require(viewed.stdout.range(of: "N >= 2: views"))
    let viewsText = viewed.stdout[viewsHead.lowerBound...].prefix(400).replacingOccurrences(of: "\n", with: " ")
      .split(separator: " ").filter { !$0.isEmpty }
    let parts = viewsText.firstIndex(of: "parts").map { viewsText[$0 - 1] }
    let viewsRow = rows.first { $0.hasPrefix("F1 views N") }
    #expect(parts != nil && viewsRow?.split(separator: " ")[4] == parts)
    // The every-size case counts the abstract states check --all-sizes
    // --no-views does.
    let every = try CLI.run([
      "check", CLI.root.appendingPathComponent("Models/default.json5").path, "--all-sizes", "--no-views",
      "--set", "longTermPins=forbidden",
    ])
    #expect(every.status == 0)
    let abstract = every.stdout.split(separator: "\n").first { $0.hasPrefix("N >= 2: ") }?.split(separator: " ")[3]
    let everyRow = rows.first { $0.hasPrefix("F1 every N") }
    #expect(abstract != nil && everyRow?.split(separator: " ")[4] == abstract)
    // With content: the induction's search and the other properties',
    // each of the same states, counted together.
    let data = try CLI.run([
      "check", CLI.root.appendingPathComponent("Models/default.json5").path, "--all-sizes", "--no-views",
      "--set", "longTermPins=forbidden", "--set", "trackData=true",
    ])
    #expect(data.status == 0)
    let searches = data.stdout.split(separator: "\n").filter { $0.hasPrefix("N >= 2: ") }
    #expect(searches.count == 2 && searches.allSatisfy { $0.split(separator: " ")[3] == abstract })
    let dataRow = rows.first { $0.hasPrefix("F1 data all N") }
    let total = Int((abstract ?? "").replacingOccurrences(of: ",", with: "")).map { 2 * $0 }
    #expect(total != nil && dataRow?.split(separator: " ")[5].replacingOccurrences(of: ",", with: "") == total.map(String.init))
    #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    let bad = try CLI.run(["bench", "--suite", "huge"])
    #expect(bad.status == 2 && bad.stderr.contains("full, smoke"))
  }
}
