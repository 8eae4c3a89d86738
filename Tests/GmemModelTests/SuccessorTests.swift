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
    // 5 ranges: 10 requests, 5 x 4 subpage actions, convert, 5 punches,
    // close, 2 x 4 device actions, 1 merge.
    #expect(model().fixedActions.count == 46)
    #expect(model(backing: .base).fixedActions.count == 45)
    #expect(model().fixedActions.filter { $0.kind == .convert }.count == 1)
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

  @Test func successorsOfTheInitialStateAreExactlyTheStateChangingOnes() {
    let m = model()
    var steps: [Step] = []
    m.forEachSuccessor(of: m.initialState) { step, _ in steps.append(step) }
    let requests = m.ranges.map { Step(.request($0, to: .shared), .ok) }
    let accesses = (0...3).map { Step(.access($0), .ok) }
    #expect(steps == requests + accesses + [Step(.close, .ok)])
  }

  @Test func sigbusFaultAndNoOpPunchAreLeftOutAsSelfLoops() {
    let m = model()
    let s = m.initialState
    #expect(m.apply(.fault(0), to: s)?.0 == .sigbus)
    #expect(m.apply(.punch(0...3), to: s)?.0 == .ok)
    var kinds: Set<ActionKind> = []
    m.forEachSuccessor(of: s) { step, _ in kinds.insert(step.action.kind) }
    #expect(!kinds.contains(.hostFault))
    #expect(!kinds.contains(.punchHole))
  }

  @Test func eagainConversionIsASuccessorOnlyWhileItZapsSomething() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(1), .pin(1), .request(1...1, to: .private)])
    let (_, zapped) = try m.run(.convert, s)
    var labels: [Step] = []
    m.forEachSuccessor(of: s) { step, _ in labels.append(step) }
    #expect(labels.contains(Step(Action(.convert, 1...1, to: .private), .eagain)))
    labels = []
    m.forEachSuccessor(of: zapped) { step, _ in labels.append(step) }
    #expect(!labels.contains { $0.action.kind == .convert })
  }

  @Test(arguments: [
    model(subpages: 2), model(subpages: 2, initShared: true), model(subpages: 2, backing: .base),
    model(folios: 2, subpages: 1, maxMappers: 2), model(subpages: 2, mutants: [.mergeWithPins]),
    model(subpages: 2, split: .never), model(subpages: 2, split: .atCreation, refcount: .perFolio),
    model(subpages: 2, initShared: true, longTermPins: .pfnCallback, trackData: true, conversionContent: .scrub),
    model(subpages: 2, initShared: true, migration: .shared4K, trackData: true, mutants: [.migratePinned]),
  ])
  func everyReachableStateYieldsExactlyItsEnabledStateChangingActions(m: GuestMemfd) {
    var seen: Set<GmemState> = [m.initialState]
    var queue = [m.initialState]
    while let s = queue.popLast() {
      var yielded: [Step] = []
      var nexts: [GmemState] = []
      m.forEachSuccessor(of: s) { step, next in
        yielded.append(step)
        nexts.append(next)
      }
      var expected: [Step] = []
      for fixed in m.fixedActions {
        let a = fixed.kind == .convert ? m.convertAction(in: s) : fixed
        guard let a, let (outcome, next) = m.apply(a, to: s), next != s else { continue }
        expected.append(Step(a, outcome))
      }
      #expect(yielded == expected)
      #expect(!nexts.contains(s))
      for next in nexts where seen.insert(next).inserted { queue.append(next) }
    }
    #expect(seen.count > 20)
  }

  @Test func successorStatesAreTheStatesApplyReturns() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(0), .pin(0)])
    m.forEachSuccessor(of: s) { step, next in
      #expect(m.apply(step.action, to: s)! == (step.outcome, next))
    }
  }
}
