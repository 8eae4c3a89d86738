import Testing

@testable import GmemModel

/// The transition system: initial state, action table, successors.
@Suite struct SuccessorTests {
  @Test(arguments: [false, true])
  func initialStateIsAllHolesHugeOpenAndIdle(initShared: Bool) {
    let m = model(folios: 3, subpages: 2, initShared: initShared)
    let s = m.initialState
    let attr: Attr = initShared ? .shared : .private
    #expect((0..<6).allSatisfy { s[subpage: $0] == page(attr, .hole) })
    #expect((0..<3).allSatisfy { s.layout(ofFolio: $0) == .huge })
    #expect(!s.closed)
    #expect(s.request == nil)
    #expect(m.initialStates() == [s])
  }

  @Test func rangesAreEachSubpageThenTheWholeFolio() {
    #expect(model(folios: 2, subpages: 2).ranges == [0...0, 1...1, 0...1, 2...2, 3...3, 2...3])
    #expect(model(folios: 2, subpages: 1).ranges == [0...0, 1...1])
  }

  @Test func fixedActionsCountEveryOperand() {
    // 5 ranges: 10 requests, 5 x 4 subpage actions, convert, abandon,
    // 5 punches, close, 2 x 4 device actions, 1 merge.
    #expect(model().fixedActions.count == 47)
    #expect(model(backing: .base).fixedActions.count == 46)
    #expect(model().fixedActions.filter { $0.kind == .convert }.count == 1)
    // Transient references: takeRef and dropRef per subpage.
    #expect(model(transientRefs: true).fixedActions.count == 47 + 8)
    // A second vCPU: its 10 requests, its convert and its abandon.
    let two = model(vcpus: 2)
    #expect(two.fixedActions.count == 47 + 12)
    #expect(two.fixedActions.filter { $0.kind == .convert }.map(\.vcpu) == [0, 1])
    #expect(two.fixedActions.filter { $0.kind == .guestRequest && $0.vcpu == 1 }.count == 10)
  }

  @Test func migrateActionsExistOnlyWithMigrationShared4KOnePerSubpageLast() {
    for m in [model(), model(longTermPins: .pfnCallback, trackData: true), model(backing: .base)] {
      #expect(!m.fixedActions.contains { $0.kind == .migrate })
    }
    let m = model(folios: 2, subpages: 2, migration: .shared4K)
    let plain = model(folios: 2, subpages: 2)
    #expect(m.fixedActions.count == plain.fixedActions.count + 4)
    #expect(Array(m.fixedActions.prefix(plain.fixedActions.count)) == plain.fixedActions)
    #expect(Array(m.fixedActions.suffix(4)) == (0...3).map { Action.migrate($0) })
    #expect(ActionKind.migrate.actor == .compaction)
    #expect(ActionKind.migrate.name == "migrate")
    #expect(m.describe(.migrate(3)) == "migrate p3")
  }

  @Test func normalizingIsOnExactlyWithTrackDataMigrationOrMigratePinned() {
    #expect(!model().needsNormalizing)
    #expect(!model(split: .atCreation, longTermPins: .pfnCallback, refcount: .perFolio).needsNormalizing)
    #expect(model(trackData: true).needsNormalizing)
    #expect(model(migration: .shared4K).needsNormalizing)
    #expect(model(migration: .shared4K, trackData: true, mutants: [.migratePinned]).needsNormalizing)
  }

  @Test func successorsOfTheInitialStateAreEveryEnabledActionSelfLoopsIncluded() {
    let m = model()
    let s = m.initialState
    let yielded = successors(m, s)
    let requests = m.ranges.map { Step(.request($0, to: .shared), .ok) }
    let accesses = (0...3).map { Step(.access($0), .ok) }
    // Self-loops: a fault on private memory, and every punch of a folio in
    // the pool (four 4K punches, then the whole folio).
    let faults = (0...3).map { Step(.fault($0), .sigbus) }
    let punches = m.ranges.map { Step(.punch($0), .ok) }
    #expect(yielded.map(\.0) == requests + accesses + faults + punches + [Step(.close, .ok)])
    #expect(yielded.filter { $0.1 == s }.map(\.0) == faults + punches)
  }

  @Test func sigbusFaultAndNoOpPunchAreYieldedAsSelfLoops() {
    let m = model()
    let s = m.initialState
    #expect(m.apply(.fault(0), to: s)! == (.sigbus, s))
    #expect(m.apply(.punch(0...3), to: s)! == (.ok, s))
    #expect(m.apply(.punch(2...2), to: s)! == (.ok, s))
    let yielded = successors(m, s)
    #expect(yielded.contains { $0 == (Step(.fault(0), .sigbus), s) })
    #expect(yielded.contains { $0 == (Step(.punch(0...3), .ok), s) })
    #expect(yielded.contains { $0 == (Step(.punch(2...2), .ok), s) })
  }

  @Test func aFaultAtTheMappingBoundIsYieldedAsASelfLoop() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(0)])
    #expect(s[subpage: 0].mapped == m.config.maxMappers)
    #expect(m.apply(.fault(0), to: s)! == (.ok, s))
    let yielded = successors(m, s)
    #expect(yielded.filter { $0.0.action == .fault(0) }.count == 1)
    #expect(yielded.contains { $0 == (Step(.fault(0), .ok), s) })
  }

  @Test func eagainConversionIsYieldedWhetherOrNotItZapsSomething() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(1), .pin(1), .request(1...1, to: .private)])
    let pending = Action(.convert, 1...1, to: .private)
    let (outcome, zapped) = try m.run(pending, s)
    #expect(outcome == .eagain)
    #expect(zapped != s)
    #expect(zapped[subpage: 1].mapped == 0)
    // The first retry zaps the PTE; the next zaps nothing and is a self-loop.
    let failed = Step(pending, .eagain, errorOffset: 1)
    #expect(successors(m, s).filter { $0.0.action.kind == .convert }.map(\.0) == [failed])
    #expect(successors(m, s).contains { $0 == (failed, zapped) })
    #expect(m.apply(pending, to: zapped)! == (.eagain, zapped))
    let retries = successors(m, zapped).filter { $0.0.action.kind == .convert }
    #expect(retries.count == 1)
    #expect(retries.first.map { $0 == (failed, zapped) } == true)
  }

  @Test func convertIsYieldedForThePendingRequestBetweenUnpinAndPunch() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(1), .pin(1), .request(0...3, to: .private)])
    let kinds = successors(m, s).map(\.0.action.kind)
    let converts = successors(m, s).map(\.0.action).filter { $0.kind == .convert }
    // The whole request, then each page not yet private (MODEL.md 6.1).
    #expect(converts == [Action(.convert, 0...3, to: .private)] + (0...3).map { Action.convertPage($0, to: .private) })
    let at = try #require(kinds.firstIndex(of: .convert))
    let last = try #require(kinds.lastIndex(of: .convert))
    #expect(kinds[..<at].allSatisfy { $0.rawValue < ActionKind.convert.rawValue })
    #expect(kinds[at...last].allSatisfy { $0 == .convert })
    #expect(kinds[(last + 1)...].allSatisfy { $0.rawValue > ActionKind.convert.rawValue })
    #expect(kinds.contains(.unpin))
    // Without a request there is no convert at all, not even a disabled one.
    #expect(!successors(m, m.initialState).contains { $0.0.action.kind == .convert })
  }

  @Test func disabledActionsAreNotYielded() throws {
    let m = model(initShared: true)
    // A pending request disables close and further requests; nothing is
    // pinned or long-term pinned, nothing is freed.
    let s = try m.reach([.access(0), .request(1...1, to: .private)])
    let yielded = successors(m, s).map(\.0.action)
    for a in m.fixedActions where a.kind != .convert && !m.enabled(a, s) {
      #expect(!yielded.contains(a), "\(m.describe(a))")
    }
    let kinds = Set(yielded.map(\.kind))
    #expect(kinds.isDisjoint(with: [.guestRequest, .close, .unpin, .dmaUnmap, .merge, .hostUnmap]))
    #expect(kinds.isSuperset(of: [.guestAccess, .hostFault, .convert, .punchHole]))
    // A closed file whose folios are all in the pool has no action at all.
    let end = try m.reach([.close])
    #expect(successors(m, end).isEmpty)
  }

  @Test(arguments: [
    model(subpages: 2), model(subpages: 2, initShared: true), model(subpages: 2, backing: .base),
    model(folios: 2, subpages: 1, maxMappers: 2), model(subpages: 2, mutants: [.mergeWithPins]),
    model(subpages: 2, split: .never), model(subpages: 2, split: .atCreation, refcount: .perFolio),
    model(subpages: 2, initShared: true, longTermPins: .pfnCallback, trackData: true, conversionContent: .scrub),
    model(subpages: 2, initShared: true, migration: .shared4K, trackData: true, mutants: [.migratePinned]),
    model(subpages: 2, initShared: true, longTermPins: .forbidden),
    model(subpages: 2, initShared: true, assume: [.hostQuiescesDuringConversion]),
    model(subpages: 2, initShared: true, refcount: .perFolio, assume: [.hostQuiescesDuringConversion]),
    model(subpages: 2, transientRefs: true), model(subpages: 2, partialPunch: .einval),
    model(subpages: 2, vcpus: 2), model(subpages: 2, mutants: [.spinOnPins]),
    model(subpages: 2, mutants: [.skipRefcountCheck]),
    model(subpages: 2, transientRefs: true, assume: [.hostQuiescesDuringConversion, .transientRefsSettle]),
  ])
  func everyReachableStateYieldsExactlyItsEnabledActionsSelfLoopsIncluded(m: GuestMemfd) {
    var seen: Set<GmemState> = [m.initialState]
    var queue = [m.initialState]
    var mismatches = 0
    var selfLoops = 0
    var changing = 0
    while let s = queue.popLast() {
      let yielded = successors(m, s)
      // Every enabled action in `fixedActions` order, `convert` standing
      // for each ioctl a pending request allows (none without one).
      var expected: [(Step, GmemState)] = []
      for fixed in m.fixedActions {
        var actions = [fixed]
        if fixed.kind == .convert {
          actions = []
          m.forEachIoctl(vcpu: Int(fixed.vcpu), in: s) { actions.append($0) }
        }
        for a in actions {
          guard let (step, next) = m.step(a, from: s) else { continue }
          expected.append((step, next))
        }
      }
      if !yielded.elementsEqual(expected, by: ==) {
        mismatches += 1
        if mismatches == 1 {
          #expect(yielded.map(\.0) == expected.map(\.0), "first mismatch, state \(s)")
          #expect(yielded.map(\.1) == expected.map(\.1), "first mismatch, state \(s)")
        }
      }
      for (_, next) in yielded {
        if next == s { selfLoops += 1 } else { changing += 1 }
        if seen.insert(next).inserted { queue.append(next) }
      }
    }
    #expect(mismatches == 0)
    #expect(seen.count > 20)
    #expect(selfLoops > 0)
    #expect(changing > 0)
  }

  @Test func successorStatesAreTheStatesApplyReturns() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(0), .pin(0)])
    m.forEachSuccessor(of: s) { step, next in
      #expect(m.apply(step.action, to: s)! == (step.outcome, next))
    }
  }
}

/// What `forEachSuccessor` yields, in order.
private func successors(_ m: GuestMemfd, _ s: GmemState) -> [(Step, GmemState)] {
  var result: [(Step, GmemState)] = []
  m.forEachSuccessor(of: s) { step, next in result.append((step, next)) }
  return result
}
