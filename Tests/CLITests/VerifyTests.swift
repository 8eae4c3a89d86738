import Foundation
import Testing

/// `gmemcheck verify`, end to end.
@Suite struct VerifyTests {
  /// Every configuration in Models/ at two subpages per folio (CI runs the
  /// full sizes in release): each verdict as its `expect` says.
  @Test func catalogMatchesItsExpectations() throws {
    let r = try CLI.run(["verify", "Models/", "--set", "subpages=2"])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  ok") || $0.hasPrefix("  DIFF") }
    let files = try FileManager.default.subpathsOfDirectory(atPath: CLI.root.appendingPathComponent("Models").path)
      .filter { $0.hasSuffix(".json5") }
    #expect(rows.count == files.count)
    #expect(rows.allSatisfy { $0.hasPrefix("  ok") })
    #expect(r.stdout.contains("result: \(files.count) of \(files.count) configurations as expected"))
    #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }

  @Test func mutantRowShowsItsFailures() throws {
    let r = try CLI.run(["verify", "Models/mutants/skip-refcount-check.json5"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("  ok   skip-refcount-check\n"))
    #expect(r.stdout.contains("\n                    FAIL pass pass pass pass FAIL -    FAIL pass FAIL FAIL pass\n"))
  }

  @Test func wrongExpectationExitsOneAndNamesIt() throws {
    let good = try CLI.configFile(
      "{ subpages: 2, assume: ['hostQuiescesDuringConversion'] }", name: "good.json5")
    let dir = (good as NSString).deletingLastPathComponent
    try "{ subpages: 2, assume: ['hostQuiescesDuringConversion'], expect: { NoUseAfterFree: 'fail' } }".write(
      toFile: dir + "/wrong.json5", atomically: true, encoding: .utf8)
    let r = try CLI.run(["verify", dir])
    #expect(r.status == 1)
    #expect(r.stdout.contains("  ok   good "))
    #expect(r.stdout.contains("  DIFF wrong "))
    #expect(r.stdout.contains("      NoUseAfterFree: expected fail, got pass"))
    #expect(r.stdout.contains("result: 1 of 2 configurations as expected, 1 differ"))
  }

  /// `verify --report FILE` writes what `report` writes, from its own checks.
  @Test func verifyWritesTheReportFromTheSameChecks() throws {
    let good = try CLI.configFile("{ subpages: 1, assume: ['hostQuiescesDuringConversion'] }", name: "good.json5")
    let dir = (good as NSString).deletingLastPathComponent
    try "{ subpages: 1, assume: ['hostQuiescesDuringConversion'], mutants: ['mergeWithPins'], expect: { NoUseAfterFree: 'fail' } }".write(
      toFile: dir + "/bad.json5", atomically: true, encoding: .utf8)
    let r = try CLI.run(["verify", dir, "--report", dir + "/v.md"])
    #expect(r.status == 0, "\(r.stdout)")
    #expect(r.stderr.contains("wrote \(dir)/v.md: 2 configurations"))
    let direct = try CLI.run(["report", dir])
    let strip = { (s: String) in s.replacing(#/\| [0-9]+\.[0-9]+ s \|/#, with: "| - s |") }
    #expect(strip(try String(contentsOfFile: dir + "/v.md", encoding: .utf8)) == strip(direct.stdout))
  }

  @Test func badConfigExitsTwo() throws {
    let bad = try CLI.configFile("{ subpages: 2, folio: 1 }", name: "bad.json5")
    let r = try CLI.run(["verify", bad])
    #expect(r.status == 2)
    #expect(r.stdout.contains("  BAD  bad"))
    #expect(r.stderr.contains("unknown key 'folio'. Did you mean 'folios'?"))
  }

  @Test func missingPathIsAUsageError() throws {
    let r = try CLI.run(["verify", "Models/nothing-here"])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("no such file or folder: 'Models/nothing-here'"))
  }
}

extension VerifyTests {
  @Test func anActionThatNeverFiresMustBeExcused() throws {
    let quiet = "assume: ['hostQuiescesDuringConversion']"
    let silent = try CLI.configFile("{ subpages: 2, longTermPins: 'forbidden', \(quiet) }", name: "silent.json5")
    var r = try CLI.run(["verify", silent])
    #expect(r.status == 1)
    #expect(r.stdout.contains("      dmaUnmap never fired (say why in 'unfired' if it is meant)"))
    #expect(r.stdout.contains("      abandon never fired (say why in 'unfired' if it is meant)"))
    let excused = try CLI.configFile(
      "{ subpages: 2, longTermPins: 'forbidden', \(quiet), unfired: { dmaUnmap: 'EPERM', abandon: 'no pin' } }",
      name: "excused.json5")
    r = try CLI.run(["verify", excused])
    #expect(r.status == 0, "\(r.stdout)")
    let wrong = try CLI.configFile("{ subpages: 2, \(quiet), unfired: { dmaUnmap: 'no' } }", name: "wrong.json5")
    r = try CLI.run(["verify", wrong])
    #expect(r.status == 1)
    #expect(r.stdout.contains("      dmaUnmap is listed in 'unfired' but fired"))
  }

  @Test func checkCoverageTable() throws {
    let r = try CLI.run(["check", "Models/no-long-term-pins.json5", "--set", "subpages=2", "--coverage"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("coverage (fired: transitions taken, self-loops included; new: new states)"))
    #expect(r.stdout.contains("  dmaUnmap                0            0"))
    #expect(r.stdout.contains("dmaUnmap never fires here: dmaMap is refused with EPERM"))
    #expect(!r.stdout.contains("warning:"))
    let j = try CLI.json(try CLI.run(["check", "Models/default.json5", "--set", "subpages=1", "--coverage", "--format", "json"]).stdout)
    let rows = try #require(j["coverage"] as? [[String: Any]])
    #expect(rows.map { $0["action"] as? String } == [
      "guestRequest", "guestAccess", "hostFault", "hostUnmap", "pin", "unpin", "convert", "abandon",
      "punchHole", "close", "dmaMap", "dmaUnmap", "merge",
    ])
    #expect((j["neverFired"] as? [String]) == [])
    #expect(rows.reduce(0) { $0 + ($1["newStates"] as! Int) } == (j["states"] as! Int) - 1)
  }

  @Test func unfiredNamesActions() throws {
    let path = try CLI.configFile("{ unfired: { dmaUnmpa: 'x' } }")
    let r = try CLI.run(["check", path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("'unfired' must be one of"))
    #expect(r.stderr.contains("Did you mean 'dmaUnmap'?"))
  }
}
