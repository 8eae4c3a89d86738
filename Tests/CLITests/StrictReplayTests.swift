import Foundation
import Testing

/// Replay reads every byte it is given and fills nothing in (issue 16):
/// a JSON trace's fields are required and type-checked, its recorded
/// states compared with the model's; a scenario is read the same with any
/// line ending.
@Suite struct StrictReplayTests {
  /// A real trace: `check --format json` of the skip-refcount-check mutant
  /// at two subpages, its first counterexample (NoPrivateInUserspace).
  func trace() throws -> [String: Any] {
    let r = try CLI.run([
      "check", "Models/mutants/skip-refcount-check.json5", "--set", "subpages=2", "--property",
      "NoPrivateInUserspace", "--format", "json",
    ])
    return try CLI.json(r.stdout)
  }

  /// Replays `json` after `edit` changes its first counterexample's steps.
  func replay(_ edit: (inout [[String: Any]]) -> Void) throws -> Run {
    var j = try trace()
    var cxs = j["counterexamples"] as! [[String: Any]]
    var steps = cxs[0]["steps"] as! [[String: Any]]
    edit(&steps)
    cxs[0]["steps"] = steps
    j["counterexamples"] = cxs
    let text = String(decoding: try JSONSerialization.data(withJSONObject: j, options: .sortedKeys), as: UTF8.self)
    return try CLI.run(["replay", try CLI.configFile(text, name: "trace.json")])
  }

  @Test func theTraceAsWrittenReplays() throws {
    let r = try replay { _ in }
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("(NoPrivateInUserspace)  (6 steps)"))
  }

  /// A field's new value, or its removal.
  enum Value: Sendable {
    case absent, string(String), int(Int)
    var json: Any? {
      switch self {
      case .absent: nil
      case .string(let s): s
      case .int(let i): i
      }
    }
  }

  @Test(arguments: [
    ("subpage", Value.absent, "counterexamples[0].steps[2]: has no \"subpage\""),
    ("subpage", .string("p3"), "counterexamples[0].steps[2].subpage: must be an integer, found a string"),
    ("subpage", .int(7), "counterexamples[0].steps[2].subpage: must be from 0 to 1, found 7"),
    ("extra", .int(1), "counterexamples[0].steps[2].extra: is not a field of this step"),
    ("outcome", .string("fine"), "counterexamples[0].steps[2].outcome: must be one of ok, SIGBUS"),
    ("actor", .string("guest"), "counterexamples[0].steps[2].actor: must be one of VMM; found 'guest'"),
    ("state", .absent, "counterexamples[0].steps[2]: has no \"state\""),
  ])
  func aBadFieldOfAStepIsAnErrorWithItsPath(key: String, value: Value, message: String) throws {
    // Step 3 is hostFault p0.
    let r = try replay { steps in steps[2][key] = value.json }
    #expect(r.status == 2, "\(r.stdout)")
    #expect(r.stderr.contains("trace.json:"), "\(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
    #expect(!r.stdout.contains("ok "))
  }

  /// An unknown name in a counterexample's `violated` is refused at the
  /// file's line and column, not at "FILE (PROPERTY)", which names the
  /// counterexample in the replay's report but is no place (found by
  /// the replay fuzz test).
  @Test func anUnknownViolatedPropertyIsRefusedAtItsPlaceInTheFile() throws {
    var j = try trace()
    var cxs = j["counterexamples"] as! [[String: Any]]
    cxs[0]["violated"] = ["NoPriDevice"]
    j["counterexamples"] = cxs
    let text = String(decoding: try JSONSerialization.data(withJSONObject: j, options: .sortedKeys), as: UTF8.self)
    let path = try CLI.configFile(text, name: "trace.json")
    let r = try CLI.run(["replay", path])
    #expect(r.status == 2, "\(r.stdout)")
    let place = try Regex("^gmemcheck: \(NSRegularExpression.escapedPattern(for: path)):[0-9]+:[0-9]+: error: ")
    #expect(r.stderr.firstMatch(of: place) != nil, "\(r.stderr)")
    #expect(r.stderr.contains("unknown or unchecked property 'NoPriDevice'"), "\(r.stderr)")
  }

  @Test func rangesAndTargetsAreChecked() throws {
    // Step 1 is guestRequest f0 -> shared: first 0, last 1.
    var r = try replay { steps in steps[0]["first"] = 1; steps[0]["last"] = 0 }
    #expect(r.status == 2)
    #expect(r.stderr.contains("counterexamples[0].steps[0].last: is before first (1)"))
    r = try replay { steps in steps[0]["to"] = "bogus" }
    #expect(r.status == 2)
    #expect(r.stderr.contains("counterexamples[0].steps[0].to: must be one of private, shared; found 'bogus'"))
    r = try replay { steps in steps[0]["vcpu"] = nil }
    #expect(r.status == 2)
    #expect(r.stderr.contains("counterexamples[0].steps[0]: has no \"vcpu\""))
  }

  @Test func aRecordedStateThatDiffersDiverges() throws {
    let r = try replay { steps in
      var state = steps[3]["state"] as! [String: Any]
      var subpages = state["subpages"] as! [[String: Any]]
      subpages[0]["shortPins"] = 0
      state["subpages"] = subpages
      steps[3]["state"] = state
    }
    #expect(r.status == 1)
    let text = r.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    #expect(text.contains("(step 4) pin p0: the recorded state differs at counterexamples[0].steps[3].state.subpages[0].shortPins: recorded 0, the model has 1"))
  }

  @Test func noStepsAndABadModelAreErrors() throws {
    var r = try replay { steps in steps = [] }
    #expect(r.status == 2)
    #expect(r.stderr.contains("counterexamples[0].steps: a counterexample has at least one step"))
    var j = try trace()
    var model = j["model"] as! [String: Any]
    model["maxMappers"] = 9
    j["model"] = model
    let text = String(decoding: try JSONSerialization.data(withJSONObject: j, options: .sortedKeys), as: UTF8.self)
    r = try CLI.run(["replay", try CLI.configFile(text, name: "trace.json")])
    #expect(r.status == 2)
    #expect(r.stderr.contains("model: 'maxMappers' must be from 1 to 3, found 9"))
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  /// Every shipped scenario, with CRLF endings and with a byte-order mark,
  /// gives the result it gives as written.
  @Test func lineEndingsDoNotChangeAReplay() throws {
    let dir = CLI.root.appendingPathComponent("Scenarios").path
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".scenario") }.sorted()
    let tmp = (try CLI.configFile("", name: "x") as NSString).deletingLastPathComponent
    var files: [String] = []
    for name in names {
      let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
      let crlf = tmp + "/crlf-" + name
      let bom = tmp + "/bom-" + name
      try text.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: crlf, atomically: true, encoding: .utf8)
      try ("\u{FEFF}" + text).write(toFile: bom, atomically: true, encoding: .utf8)
      files += [crlf, bom]
    }
    // The scenarios name their config relative to Scenarios/.
    for f in files {
      let text = try String(contentsOfFile: f, encoding: .utf8)
      try text.replacingOccurrences(of: "config ../Models/", with: "config \(CLI.root.path)/Models/")
        .write(toFile: f, atomically: true, encoding: .utf8)
    }
    let r = try CLI.run(["replay"] + files)
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("result: \(files.count) of \(files.count) scenarios match the model"))
  }
}
