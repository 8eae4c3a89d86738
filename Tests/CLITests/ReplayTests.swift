import Foundation
import Testing

/// `gmemcheck replay` and the counterexample round trip, end to end.
@Suite struct ReplayTests {
  static let initPrivate = """
    # init_private, MODEL.md section 5
    config Models/default.json5
    set subpages=1

    VMM   hostFault p0            => SIGBUS
    guest guestRequest p0 shared  => ok
    VMM   convert                 => ok
    VMM   hostFault p0            => ok
    expect p0 shared-mapped
    expect f0 split
    guest guestRequest p0 private => ok
    VMM   convert                 => ok
    expect p0 private
    VMM   hostFault p0            => SIGBUS
    """

  func scenario(_ text: String) throws -> String {
    try CLI.configFile(text, name: "s.scenario")
  }

  @Test func matchingScenarioExitsZero() throws {
    let r = try CLI.run(["replay", try scenario(Self.initPrivate)])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("(7 steps)"))
    #expect(r.stdout.contains("result: 1 of 1 scenarios match the model"))
  }

  @Test func wrongOutcomeNamesTheStep() throws {
    let wrong = Self.initPrivate.replacingOccurrences(
      of: "VMM   hostFault p0            => ok", with: "VMM   hostFault p0            => SIGBUS")
    let path = try scenario(wrong)
    let r = try CLI.run(["replay", path])
    #expect(r.status == 1)
    #expect(r.stdout.contains("DIVERGED  \(path):8 (step 4)"))
    #expect(r.stdout.contains("hostFault p0: expected SIGBUS, the model gives ok"))
    #expect(r.stdout.contains("state before:"))
    #expect(r.stdout.contains("f0 huge: p0 hole (shared)"))
  }

  @Test func wrongAssertionNamesItsLine() throws {
    let wrong = Self.initPrivate.replacingOccurrences(of: "expect p0 shared-mapped", with: "expect p0 shared-pinned")
    let path = try scenario(wrong)
    let r = try CLI.run(["replay", path])
    #expect(r.status == 1)
    #expect(r.stdout.contains("DIVERGED  \(path):9"))
    #expect(r.stdout.contains("expected p0 shared-pinned, the model has shared-mapped (pte 1)"))
  }

  @Test func disabledStepDiverges() throws {
    let path = try scenario("set subpages=1\nVMM unpin p0 => ok\n")
    let r = try CLI.run(["replay", path])
    #expect(r.status == 1)
    #expect(r.stdout.contains("unpin p0: the model does not allow this step here: p0 has no short-term pin"))
  }

  @Test func unexpectedViolationDiverges() throws {
    let path = try scenario("""
      set subpages=2
      set mutants=skipRefcountCheck
      guestRequest f0 shared => ok
      convert => ok
      hostFault p0 => ok
      pin p0 => ok
      guestRequest p0 private => ok
      convert => ok
      unpin p0 => ok
      """)
    let r = try CLI.run(["replay", path])
    #expect(r.status == 1)
    #expect(r.stdout.contains("NoPrivateInUserspace is violated after step 6"))
  }

  @Test func malformedScenariosGiveLineAndColumn() throws {
    let cases: [(String, String)] = [
      ("set subpages=1\nVMM hostFalt p0 => ok\n", ":2:5: error: unknown action 'hostFalt'. Did you mean 'hostFault'?"),
      ("VMM hostFault p0 => SIGSEGV\n", ":1:21: error: unknown outcome 'SIGSEGV'"),
      ("VMM hostFault p0\n", ":1:5: error: a step ends with '=> OUTCOME'"),
      ("guest hostFault p0 => ok\n", ":1:1: error: hostFault is an action of VMM, not of guest"),
      ("VMM hostFault q0 => ok\n", ":1:15: error: 'q0' is not pN, pN-pM, fN, private, shared or vcpuN"),
      ("VMM hostFault p0 => ok\nconfig Models/default.json5\n", ":2:1: error: 'config' must come before the first step"),
      ("set subpages=2\nVMM hostFault p7 => ok\n", ":2:15: error: p7 is beyond the model's 2 subpages"),
      ("expect p0\n", ":1:8: error: 'expect p0' needs a view: a card word or a phrase"),
      ("VMM hostFault p0 => ok at p0\n", ":1:24: error: only EAGAIN carries an error offset"),
      ("guest guestAccess p0-p1 => ok\n", ":1:7: error: guestAccess takes one subpage"),
      ("VMM hostFault p0 => ok\nexpect p0 shiny\n", ":2:11: error: unknown view 'shiny'"),
    ]
    for (text, message) in cases {
      let path = try scenario(text)
      let r = try CLI.run(["replay", path])
      #expect(r.status == 2, "\(text)")
      #expect(r.stderr.contains(path + message), "\(r.stderr) lacks \(message)")
    }
  }

  @Test func badConfigInAScenarioExitsTwo() throws {
    let path = try scenario("set subpage=2\nVMM hostFault p0 => SIGBUS\n")
    let r = try CLI.run(["replay", path])
    #expect(r.status == 2)
    #expect(r.stderr.contains(path + ":1:5: error: unknown key 'subpage'. Did you mean 'subpages'?"))
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func jsonCounterexampleReplaysToTheSameViolation() throws {
    let check = try CLI.run(["check", "Models/mutants/skip-refcount-check.json5", "--format", "json"])
    #expect(check.status == 1)
    let path = try CLI.configFile(check.stdout, name: "trace.json")
    let r = try CLI.run(["replay", path])
    #expect(r.status == 0, "\(r.stdout)")
    #expect(r.stdout.contains("ok        \(path) (NoPrivateInUserspace)  (6 steps)"))
    #expect(r.stdout.contains("ok        \(path) (RequestAnswered)  (11 steps)"))
  }

  @Test func emittedScenarioReplaysToTheSameViolation() throws {
    let dir = (try CLI.configFile("", name: "x") as NSString).deletingLastPathComponent
    let file = dir + "/cx.scenario"
    let check = try CLI.run(["check", "Models/mutants/merge-with-pins.json5", "--emit-scenario", file])
    #expect(check.status == 1)
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(text.contains("set mutants=mergeWithPins"))
    #expect(text.contains("compaction merge f0"))
    #expect(text.hasSuffix("expect violated NoUseAfterFree\n"))
    let r = try CLI.run(["replay", file])
    #expect(r.status == 0, "\(r.stdout)")
    // The same trace without the mutant diverges: merge is not enabled.
    try text.replacingOccurrences(of: "set mutants=mergeWithPins", with: "set mutants=")
      .write(toFile: file, atomically: true, encoding: .utf8)
    let fixed = try CLI.run(["replay", file])
    #expect(fixed.status == 1)
    #expect(fixed.stdout.contains("merge f0: the model does not allow this step here: not every piece of f0 is\n      freed"))
  }

  @Test func shippedScenariosAllMatch() throws {
    let dir = CLI.root.appendingPathComponent("Scenarios").path
    let files = try FileManager.default.contentsOfDirectory(atPath: dir)
      .filter { $0.hasSuffix(".scenario") }.sorted().map { "Scenarios/" + $0 }
    #expect(files.count >= 4)
    let r = try CLI.run(["replay"] + files)
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("result: \(files.count) of \(files.count) scenarios match the model"))
  }
}

extension ReplayTests {
  @Test func negativeIndicesAreMalformedNotACrash() throws {
    for text in ["set subpages=2\nVMM hostFault p-1 => ok\n", "set subpages=2\nexpect f-1 huge\n"] {
      let r = try CLI.run(["replay", try scenario(text)])
      #expect(r.status == 2, "\(text)")
      #expect(r.stderr.contains("error:"))
    }
  }
}
