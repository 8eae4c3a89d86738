import Foundation
import Testing

@Suite struct OutputFormatTests {
  @Test func jsonHasTheDocumentedKeys() throws {
    let r = try CLI.run([
      "check", "Models/default.json5", "--set", "subpages=2", "--set",
      "mutants=skipUnmapOnConvert,skipRefcountCheck", "--format", "json",
    ])
    #expect(r.status == 1)
    #expect(r.stdout.split(separator: "\n").count == 1)
    let j = try CLI.json(r.stdout)
    #expect(j["result"] as? String == "fail")
    #expect(j["states"] as? Int ?? 0 > 1407)
    #expect(j["transitions"] as? Int ?? 0 > 0)
    #expect(j["depth"] as? Int ?? 0 > 0)
    let properties = try #require(j["properties"] as? [[String: Any]])
    #expect(properties.count == 11)
    #expect(properties[0]["name"] as? String == "NoPrivateInUserspace")
    #expect(properties[0]["verdict"] as? String == "fail")
    #expect(properties[1]["verdict"] as? String == "pass")
    let cx = try #require(j["counterexample"] as? [String: Any])
    #expect(cx["property"] as? String == "NoPrivateInUserspace")
    let steps = try #require(cx["steps"] as? [[String: Any]])
    #expect(steps.count == 5)
    #expect(steps.map { $0["action"] as? String } == ["guestRequest", "convert", "hostFault", "guestRequest", "convert"])
    #expect(cx["kind"] as? String == "safety")
    #expect(cx["cycleStart"] is NSNull)
    #expect(steps.allSatisfy { $0["actor"] != nil && $0["outcome"] as? String == "ok" })
    let state = try #require(steps.last?["state"] as? [String: Any])
    let subpages = try #require(state["subpages"] as? [[String: Any]])
    #expect(subpages.count == 2)
    #expect(subpages[0]["attr"] as? String == "private")
    #expect(subpages[0]["mapped"] as? Int == 1)
    #expect(subpages[0]["life"] as? String == "present")
    for key in ["shortPins", "longPins", "guestMapped", "view"] { #expect(subpages[0][key] != nil) }
    #expect(state["folios"] != nil && state["closed"] as? Bool == false)
    #expect((state["requests"] as? [Any])?.count == 1)
    let convert = try #require(steps.last)
    #expect(convert["vcpu"] as? Int == 0 && convert["errorOffset"] is NSNull)
  }

  @Test func sameCountsAndTraceEveryRun() throws {
    let args = ["check", "Models/default.json5", "--set", "subpages=2", "--set",
                "mutants=mergeWithPins,freePiecesToBuddy", "--format", "json"]
    var a = try CLI.json(try CLI.run(args).stdout)
    var b = try CLI.json(try CLI.run(args).stdout)
    for key in ["seconds", "statesPerSecond"] {
      a[key] = nil
      b[key] = nil
    }
    let sorted = { (j: [String: Any]) throws -> Data in
      try JSONSerialization.data(withJSONObject: j, options: .sortedKeys)
    }
    #expect(try sorted(a) == sorted(b))
  }

  @Test func textFitsEightyColumns() throws {
    let r = try CLI.run([
      "check", "Models/default.json5", "--set", "subpages=2", "--set", "maxMappers=3",
      "--set", "maxShortPins=2", "--set", "maxLongPins=3", "--set", "migration=shared4K",
      "--set", "trackData=true", "--set",
      "mutants=skipUnmapOnConvert,skipRefcountCheck,freePiecesToBuddy,mergeWithPins,skipSplitOnShare,unboundedPins,migratePinned",
      "--max-depth", "9",
    ])
    #expect(r.status == 1)
    let long = r.stdout.split(separator: "\n").filter { $0.count > 80 }
    #expect(long.isEmpty, "\(long)")
  }

  @Test func lassoInJSONMarksItsCycle() throws {
    let r = try CLI.run(["check", "Models/host-starves-conversion.json5", "--set", "subpages=1", "--format", "json"])
    #expect(r.status == 1)
    let j = try CLI.json(r.stdout)
    let cx = try #require(j["counterexample"] as? [String: Any])
    #expect(cx["property"] as? String == "ConversionCompletes")
    #expect(cx["kind"] as? String == "liveness")
    #expect(cx["cycleStart"] as? Int == 3)
    #expect(cx["cycleLength"] as? Int == 5)
    let steps = try #require(cx["steps"] as? [[String: Any]])
    #expect(steps.count == 8)
    // The cycle ends where it starts.
    let canonical = { (step: [String: Any]) throws -> Data in
      try JSONSerialization.data(withJSONObject: step["state"]!, options: .sortedKeys)
    }
    #expect(try canonical(steps[2]) == canonical(steps[7]))
    #expect(try canonical(steps[3]) != canonical(steps[7]))
  }

  @Test func lassoInTextMarksItsCycle() throws {
    let r = try CLI.run(["check", "Models/host-starves-conversion.json5", "--set", "subpages=1"])
    #expect(r.status == 1)
    #expect(r.stdout.contains("FAIL  ConversionCompletes       lasso: 3-step prefix, 5-step cycle"))
    #expect(r.stdout.contains("  -- cycle: from here, steps 4-8 repeat for ever --"))
    #expect(r.stdout.contains("   6. VMM        convert p0 -> private          EAGAIN at p0"))
    #expect(r.stdout.contains("violated: the request p0 to private stays pending for ever"))
  }

  @Test func noDeadlockTurnsTheCheckOff() throws {
    let on = try CLI.run(["check", "Models/mutants/free-pieces-to-buddy.json5"])
    #expect(on.stdout.contains("FAIL  Deadlock                  shortest counterexample: 4 steps"))
    let off = try CLI.run(["check", "Models/mutants/free-pieces-to-buddy.json5", "--no-deadlock"])
    #expect(off.status == 1)
    #expect(!off.stdout.contains("Deadlock"))
  }
}
