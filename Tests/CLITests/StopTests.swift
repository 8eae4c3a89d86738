import Foundation
import Testing

/// Issue 16: a run that needs more memory than its budget, or is
/// interrupted, ends with the usual summary and exit 3, never a crash.
@Suite struct StopTests {
  @Test func theGraphEngineStopsAtItsBudgetWithAHint() throws {
    let r = try CLI.run(["check", "Models/default.json5", "--max-memory", "4M"])
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.isEmpty)
    #expect(r.stdout.contains("        stopped by --max-memory 4 MiB: not every state was seen"))
    #expect(r.stdout.contains("        hint: check safety alone (--property NAME),\n          a smaller model"))
    #expect(r.stdout.contains("????  ConversionCompletes"))
    #expect(r.stdout.hasSuffix("result: INCOMPLETE (the memory budget ran out; no violation found so far)\n"))
    #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    // Room for the graph (4.7 MB) but not for the cycle search after it.
    let late = try CLI.run(["check", "Models/default.json5", "--max-memory", "6M"])
    #expect(late.status == 3, "\(late.stderr)")
    #expect(late.stdout.contains("        stopped by --max-memory 6 MiB: no room to check liveness"))
    #expect(late.stdout.contains("pass  NoUseAfterFree") && late.stdout.contains("????  ConversionCompletes"))
  }

  /// Each search of an every-size check says what stopped it: no line
  /// may read "exhaustively" of a search a bound cut short.
  @Test func anEverySizeCheckNamesWhatStoppedEachSearch() throws {
    let r = try CLI.run(["check", "Models/default.json5", "--all-sizes", "--max-states", "10"])
    #expect(r.stdout.contains("\n        stopped by --max-states 10: not every part was seen, not a proof\n"))
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stdout.contains("\nN = 1: 10 states, stopped by --max-states 10: not every state was seen\n"))
    #expect(!r.stdout.contains("exhaustively"))
    #expect(r.stdout.contains("\n        stopped by --max-states 10: not every state was seen, not a proof\n"))
    #expect(r.stdout.hasSuffix("result: INCOMPLETE (a bound stopped the search; nothing proven)\n"))
    // The views prove the default design in less: the searches alone.
    let memory = try CLI.run(["check", "Models/default.json5", "--all-sizes", "--no-views", "--max-memory", "6M"])
    #expect(memory.status == 3, "\(memory.stderr)")
    #expect(memory.stdout.contains("\nN = 1: 47 states, checked exhaustively\n"))
    #expect(memory.stdout.contains("\n        stopped by --max-memory 6 MiB: not every state was seen, not a proof\n"))
    #expect(memory.stdout.hasSuffix("result: INCOMPLETE (the memory budget ran out; nothing proven)\n"))
    #expect((r.stdout + memory.stdout).split(separator: "\n").allSatisfy { $0.count <= 80 })
    let json = try CLI.run(["check", "Models/default.json5", "--all-sizes", "--max-depth", "3", "--format", "json"])
    #expect(json.status == 3, "\(json.stderr)")
    let j = try CLI.json(json.stdout)
    #expect(j["result"] as? String == "incomplete")
    #expect(j["completion"] as? String == "maxDepth")
  }

  @Test func theFrontierEngineStopsAtItsBudget() throws {
    let r = try CLI.run([
      "check", "Models/default.json5", "--set", "subpages=7", "--no-symmetry", "--property",
      "NoPrivateInUserspace", "--max-memory", "4M", "--format", "json",
    ])
    #expect(r.status == 3, "\(r.stderr)")
    let j = try CLI.json(r.stdout)
    #expect(j["result"] as? String == "incomplete")
    #expect(j["completion"] as? String == "maxMemory")
    #expect((j["hint"] as? String)?.hasPrefix("drop --no-symmetry") == true)
    #expect((j["states"] as? Int ?? 0) > 10_000)
    #expect((j["bytes"] as? Int ?? .max) < 4 << 20)
  }

  @Test func aViolationFoundWithinTheBudgetIsAFailure() throws {
    let r = try CLI.run([
      "check", "Models/mutants/skip-refcount-check.json5", "--set", "subpages=7", "--no-symmetry",
      "--property", "NoPrivateInUserspace", "--max-memory", "4M",
    ])
    #expect(r.status == 1)
    #expect(r.stdout.contains("stopped by --max-memory 4 MiB"))
    #expect(r.stdout.contains("Counterexample for NoPrivateInUserspace (6 steps):"))
  }

  @Test(arguments: [["lots"], ["0"], ["1K"], ["-5M"], ["2X"], ["1e9"], ["8M", "--max-memory", "9M"]])
  func badSizesAreUsageErrors(size: [String]) throws {
    let r = try CLI.run(["check", "Models/default.json5", "--max-memory"] + size)
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("'--max-memory'"))
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test(arguments: ["1.5G", "512M", "2GiB", "1048576", "64mb"])
  func sizesAreReadAsWritten(size: String) throws {
    let r = try CLI.run(["check", "Models/default.json5", "--set", "subpages=1", "--max-memory", size])
    #expect(r.status == 0, "\(r.stderr)")
  }

  /// The default model's whole check takes 1.4 s in the optimised debug
  /// build, so an interrupt at 1.5 s could find it done; six subpages
  /// keep the graph search running for well over ten seconds.
  static let longCheck = ["check", "Models/default.json5", "--set", "subpages=6"]

  @Test func ctrlCStopsTheGraphEngineWithASummary() throws {
    let (r, took) = try CLI.run(Self.longCheck, signal: SIGINT, after: 1.5)
    #expect(r.status == 3)
    #expect(took < 2)
    #expect(r.stdout.contains("        interrupted: not every state was seen"))
    #expect(r.stdout.contains("search: "))
    #expect(r.stdout.hasSuffix("result: INCOMPLETE (interrupted; no violation found so far)\n"))
  }

  /// GNU `timeout` signals the command and then its process group: the
  /// same interrupt twice, a moment apart. The summary must survive it.
  @Test func aSignalDeliveredTwiceStillGivesTheSummary() throws {
    var took = 0.0
    let r = try CLI.run(Self.longCheck) { process in
      Thread.sleep(forTimeInterval: 1.5)
      let sent = Date()
      kill(process.processIdentifier, SIGINT)
      Thread.sleep(forTimeInterval: 0.05)
      kill(process.processIdentifier, SIGINT)
      process.waitUntilExit()
      took = Date().timeIntervalSince(sent)
    }
    #expect(r.status == 3, "\(r.stderr)")
    #expect(took < 2)
    #expect(r.stdout.hasSuffix("result: INCOMPLETE (interrupted; no violation found so far)\n"))
  }

  @Test func sigtermStopsTheFrontierEngineWithJSON() throws {
    let (r, took) = try CLI.run(
      ["check", "Models/default.json5", "--set", "subpages=7", "--no-symmetry", "--property", "Deadlock",
       "--format", "json", "--threads", "2"], signal: SIGTERM, after: 1.5)
    #expect(r.status == 3)
    #expect(took < 2)
    let j = try CLI.json(r.stdout)
    #expect(j["completion"] as? String == "interrupted")
    #expect((j["states"] as? Int ?? 0) > 0)
  }

  @Test func verifyStopsAfterTheSearchAtHand() throws {
    let (r, took) = try CLI.run(["verify", "Models/"], signal: SIGINT, after: 1.5)
    #expect(r.status == 3)
    #expect(took < 2)
    #expect(r.stdout.contains(": interrupted\nresult: interrupted after "))
  }
}
