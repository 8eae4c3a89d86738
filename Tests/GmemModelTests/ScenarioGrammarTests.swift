import Testing

@testable import GmemModel

/// The scenario grammar of docs/scenarios.md, parsed and replayed in
/// process (the CLI's replay is in CLITests).
@Suite struct ScenarioGrammarTests {
  /// Replays `text` on its configuration: nil when it matches, else the
  /// divergence's message.
  func replay(_ text: String) throws -> String? {
    let s = try Scenario.parse(text, source: "t.scenario")
    let report = try s.replay(on: GuestMemfd(try s.configuration()), checking: [])
    return report.divergence?.message
  }

  func error(_ text: String) -> String? {
    do {
      let s = try Scenario.parse(text, source: "t.scenario")
      _ = try s.replay(on: GuestMemfd(try s.configuration()), checking: [])
      return nil
    } catch {
      return error.description
    }
  }

  @Test func rangesLoopsAndSemicolons() throws {
    let text = """
      set initShared=true
      guest guestRequest p0-p3 private => ok ; VMM convert => ok   # p0-p3 is f0
      for p in p0-p3: VMM hostFault p => SIGBUS ; expect p hole (private)
      expect request none
      """
    #expect(try replay(text) == nil)
    let s = try Scenario.parse(text, source: "t")
    #expect(s.stepCount == 2 + 4)
    #expect(error("set initShared=true\nguestRequest p0-p2 private => ok\n")?.contains("p0-p2 is neither one subpage nor a whole folio") == true)
    #expect(error("VMM hostFault p0-p1 => ok\n")?.contains("hostFault takes one subpage, pN (repeat it with 'for p in pN-pM:')") == true)
    #expect(error("VMM hostFault p3-p1 => ok\n")?.contains("'p3-p1' runs backwards") == true)
    #expect(error("for p in p0-p1: VMM hostFault p0 => SIGBUS\n")?.contains("the loop's line never uses p") == true)
    #expect(error("for q in p0-p1: VMM hostFault q => SIGBUS\n")?.contains("a loop is 'for p in pN-pM: STEP'") == true)
  }

  @Test func disabledStepsNameTheFalsePrecondition() throws {
    #expect(try replay("VMM convert => disabled\nguest guestAccess p0 => ok\n") == nil)
    let why = try replay("VMM convert => ok\n")
    #expect(why == "convert: the model does not allow this step here: the vCPU has no pending request")
    let enabled = try replay("guest guestAccess p0 => disabled\n")
    #expect(enabled == "guestAccess p0: expected disabled, the model allows it (ok)")
    let waits = try replay("guest guestRequest p1 shared => ok\nguest guestAccess p1 => ok\n")
    #expect(waits?.hasSuffix("p1 is in a pending request's range: the vCPU waits for its answer") == true)
  }

  @Test func pageByPageAndAbandonAndErrorOffsets() throws {
    let text = """
      set initShared=true
      VMM hostFault p2 => ok ; IOMMU dmaMap p2 => ok
      guest guestRequest f0 private => ok
      VMM convert => EAGAIN at p2
      VMM convert p1 => ok
      VMM convert p1 => disabled
      VMM convert p2 => EAGAIN at p2
      VMM abandon => ok
      expect request none
      expect p1 private ; expect p0 shared
      """
    #expect(try replay(text) == nil)
    let wrongOffset = try replay("set initShared=true\nVMM hostFault p2 => ok\nVMM pin p2 => ok\nguest guestRequest f0 private => ok\nVMM convert => EAGAIN at p1\n")
    #expect(wrongOffset == "convert f0 -> private: expected EAGAIN at p1, the model gives EAGAIN at p2")
    #expect(error("VMM hostFault p0 => SIGBUS at p0\n")?.contains("only EAGAIN carries an error offset") == true)
  }

  @Test func viewsAreCheckedWordByWordAndDetailByDetail() throws {
    #expect(try replay("VMM hostFault p0 => SIGBUS\nexpect p0 hole (private) ; expect p0 hole\n") == nil)
    #expect(try replay("VMM hostFault p0 => SIGBUS\nexpect p0 hole (shared)\n") == "expected p0 hole (shared), the model has hole")
    #expect(error("VMM hostFault p0 => SIGBUS\nexpect p0 holey\n")?.contains("unknown view 'holey'") == true)
    #expect(error("VMM hostFault p0 => SIGBUS\nexpect p0 hole (spt)\n")?.contains("unknown detail 'spt'") == true)
    #expect(error("VMM hostFault p0 => SIGBUS\nexpect p0 private (private)\n")?.contains("says the attribute already") == true)
    #expect(error("VMM hostFault p0 => SIGBUS\nexpect p0 hole (private, shared)\n")?.contains("both private and shared") == true)
  }

  @Test func aLayoutWithBaseBackingIsAnErrorNotADivergence() {
    #expect(error("set backing=base\nVMM hostFault p0 => SIGBUS\nexpect f0 huge\n")?.contains("base backing has no folio layout") == true)
  }

  @Test func resetStartsAFreshFile() throws {
    let text = """
      set subpages=1
      guest guestAccess p0 => ok
      expect p0 private (spte)
      reset
      expect p0 hole
      guest guestAccess p0 => ok
      """
    #expect(try replay(text) == nil)
    #expect(error("reset\nVMM hostFault p0 => SIGBUS\n")?.contains("'reset' ends a run") == true)
  }

  @Test func vcpusAndTheirRequests() throws {
    let text = """
      set vcpus=2
      guest guestRequest p0 shared vcpu1 => ok
      expect request vcpu1 p0 shared ; expect request vcpu0 none ; expect request none
      VMM convert vcpu0 => disabled ; VMM convert vcpu1 => ok
      """
    #expect(try replay(text) == nil)
    #expect(error("VMM convert vcpu1 => ok\n")?.contains("vcpu1 is beyond the model's 1 vCPUs") == true)
  }

  /// Every byte is read: LF, CRLF and lone CR endings and a leading BOM
  /// give one and the same scenario (a comment on the first line must not
  /// swallow the rest).
  @Test func lineEndingsAndAByteOrderMark() throws {
    let lines = ["# a comment first", "set subpages=1", "VMM hostFault p0 => ok", "expect p0 hole"]
    var messages: [String?] = []
    for ending in ["\n", "\r\n", "\r"] {
      for bom in ["", "\u{FEFF}"] {
        let text = bom + lines.joined(separator: ending) + ending
        messages.append(try replay(text))
        #expect(try Scenario.parse(text, source: "t").stepCount == 1)
      }
    }
    #expect(Set(messages.map { $0 ?? "ok" }).count == 1)
    #expect(messages[0] == "hostFault p0: expected ok, the model gives SIGBUS")
  }

  @Test func aScenarioWithoutStepsIsAnError() {
    #expect(error("# nothing\nset subpages=2\n") == "t.scenario: error: the scenario has no steps: nothing would be checked")
    #expect(error("") != nil)
  }

  @Test func aBadSetLineIsReportedAtItsLine() {
    #expect(error("set subpages=0\nVMM hostFault p0 => SIGBUS\n")?.hasPrefix("t.scenario:1:5: error: 'subpages' must be from 1 to 15") == true)
  }

  /// Every action refused in a reachable state of small models gets a
  /// reason naming its precondition, never the generic one.
  @Test(arguments: [
    model(subpages: 2), model(subpages: 2, initShared: true, assume: [.hostQuiescesDuringConversion]),
    model(subpages: 2, transientRefs: true, assume: [.hostQuiescesDuringConversion, .transientRefsSettle]),
    model(subpages: 2, vcpus: 2), model(subpages: 2, backing: .base),
    model(subpages: 2, initShared: true, longTermPins: .pfnCallback, migration: .shared4K),
    model(subpages: 2, refcount: .perFolio, mutants: [.spinOnPins]),
  ])
  func everyRefusalHasAReason(m: GuestMemfd) {
    var candidates = m.fixedActions.filter { $0.kind != .convert }
    for v in 0..<m.config.vcpus {
      for r in m.ranges {
        for to in Attr.allCases {
          candidates.append(Action(.convert, r, to: to, vcpu: v))
          if r.count == 1 { candidates.append(Action(.convert, r, to: to, vcpu: v, byPage: true)) }
        }
      }
    }
    var generic = 0
    for s in m.reachableStates() {
      for a in candidates {
        let why = m.whyDisabled(a, in: s)
        #expect((why == nil) == (m.step(a, from: s) != nil))
        if why == "its precondition is false" { generic += 1 }
      }
    }
    #expect(generic == 0)
  }
}
