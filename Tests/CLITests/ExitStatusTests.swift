import Foundation
import Testing

@Suite struct ExitStatusTests {
  @Test func passExitsZero() throws {
    let r = try CLI.run(["check", "Models/default.json5", "--set", "subpages=2"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("pass  NoPrivateInUserspace"))
    #expect(r.stdout.contains("727 states"))
    #expect(r.stdout.contains("design: assume [hostQuiescesDuringConversion]"))
    for name in [
      "NoPrivateInDevice", "NoUnboundedSpin", "Deadlock", "ConversionCompletes", "RequestAnswered",
      "EventuallyReconstituted",
    ] {
      #expect(r.stdout.contains("pass  " + name))
    }
    #expect(r.stdout.hasSuffix("result: pass (11 properties hold in every reachable state)\n"))
    #expect(r.stderr.isEmpty)
  }

  @Test func violationExitsOneWithATrace() throws {
    let r = try CLI.run([
      "check", "Models/default.json5", "--set", "subpages=2", "--set", "mutants=skipRefcountCheck",
    ])
    #expect(r.status == 1)
    #expect(r.stdout.contains("FAIL  NoPrivateInUserspace      shortest counterexample: 6 steps"))
    #expect(r.stdout.contains("Counterexample for NoPrivateInUserspace (6 steps):"))
    #expect(r.stdout.contains("   1. guest      guestRequest f0 -> shared      ok"))
    #expect(r.stdout.contains("   6. VMM        convert p0 -> private          ok"))
    #expect(r.stdout.contains("p0 shared-pinned (pte 1, pin 1) -> private (pin 1)"))
    #expect(r.stdout.contains("violated: p0 is private yet reachable from the host: private (pin 1)"))
    #expect(r.stdout.contains("FAIL  NoUnboundedSpin           shortest counterexample: 5 steps"))
    #expect(r.stdout.contains("result: FAIL (5 of 11 properties violated)"))
  }

  @Test func stateBoundExitsThreeAndSaysSo() throws {
    let r = try CLI.run(["check", "Models/default.json5", "--max-states", "1000"])
    #expect(r.status == 3)
    #expect(r.stdout.contains("stopped by --max-states 1,000"))
    #expect(r.stdout.contains("????  NoPrivateInUserspace"))
    #expect(r.stdout.contains("????  ConversionCompletes"))
    #expect(!r.stdout.contains("pass  "))
    #expect(r.stdout.contains("result: INCOMPLETE"))
  }

  @Test func depthBoundExitsThree() throws {
    let r = try CLI.run(["check", "Models/default.json5", "--max-depth", "3", "--format", "json"])
    #expect(r.status == 3)
    let j = try CLI.json(r.stdout)
    #expect(j["result"] as? String == "incomplete")
    #expect(j["completion"] as? String == "maxDepth")
  }

  @Test func violationFoundBeforeABoundIsStillAFail() throws {
    let r = try CLI.run([
      "check", "Models/default.json5", "--set", "mutants=skipSplitOnShare", "--max-depth", "3",
    ])
    #expect(r.status == 1)
    #expect(r.stdout.contains("FAIL  SplitIfAnyShared"))
    #expect(r.stdout.contains("????  NoPrivateInUserspace"))
  }

  @Test func helpAndVersion() throws {
    let help = try CLI.run(["--help"])
    #expect(help.status == 0)
    for section in ["USAGE", "COMMANDS", "EXIT STATUS", "gmemcheck check CONFIG"] {
      #expect(help.stdout.contains(section))
    }
    let checkHelp = try CLI.run(["check", "--help"])
    #expect(checkHelp.status == 0)
    for option in ["--set", "--max-states", "--max-depth", "--property", "--format", "EXIT STATUS"] {
      #expect(checkHelp.stdout.contains(option))
    }
    // Help pastes into an email: 80 columns, and an option never runs
    // into its description.
    for command in ["check", "verify", "replay", "bench", "list"] {
      let text = try CLI.run([command, "--help"]).stdout
      let long = text.split(separator: "\n").filter { $0.count > 80 }
      #expect(long.isEmpty, "\(command): \(long)")
    }
    #expect(help.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    #expect(checkHelp.stdout.contains("--emit-scenario FILE\n"))
    let version = try CLI.run(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout.hasPrefix("gmemcheck 0."))
  }

  @Test func listNamesEverything() throws {
    let r = try CLI.run(["list"])
    #expect(r.status == 0)
    for name in [
      "NoPrivateInUserspace", "HugepageReconstitutable", "NoUseAfterFree", "SplitIfAnyShared",
      "RefcountsBounded", "guestRequest", "dmaUnmap", "merge", "maxLongPins: 1..3", "NoPrivateInDevice", "NoSilentDataLoss", "migrate",
      "split: onConversion | atCreation | never", "longTermPins: allowed | forbidden | pfnCallback",
      "refcount: perSubpage | perFolio", "migration: none | shared4K", "trackData: true | false",
      "conversionContent: preserve | scrub", "expect: { PROPERTY: pass | fail, ... }",
      "migratePinned", "skipIommuInvalidate", "backing: huge | base",
      "skipUnmapOnConvert", "spinOnPins", "NoUnboundedSpin", "RequestAnswered", "abandon", "takeRef",
      "dropRef", "transientRefs: true | false", "partialPunch: zero | einval", "vcpus: 1..2",
      "transientRefsSettle",
    ] {
      #expect(r.stdout.contains(name), "\(name)")
    }
    #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }

  @Test func propertyOptionChecksOnlyThose() throws {
    let r = try CLI.run([
      "check", "Models/default.json5", "--set", "subpages=2", "--property", "NoUseAfterFree",
      "--property", "SplitIfAnyShared",
    ])
    #expect(r.status == 0)
    #expect(r.stdout.contains("pass  NoUseAfterFree"))
    #expect(r.stdout.contains("pass  SplitIfAnyShared"))
    #expect(!r.stdout.contains("NoPrivateInUserspace"))
  }
}
