import Testing

@testable import GmemModel

/// close(): VM teardown (MODEL.md 2.2).
@Suite struct CloseTests {
  let m = model(initShared: true)

  @Test func closeIsDisabledWithAPendingRequestOrWhenClosed() throws {
    #expect(!m.enabled(.close, try m.reach([.request(0...0, to: .private)])))
    #expect(!m.enabled(.close, try m.reach([.close])))
  }

  @Test func closeWithoutPinsFreesEveryPieceAndZapsEverything() throws {
    let s = try m.reach([.fault(0), .access(1)])
    let (outcome, next) = try m.run(.close, s)
    var expected = m.initialState
    expected.closed = true
    expected.setLife(.freed, 0...3)
    expected.setLayout(.split, ofFolio: 0)
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func closeLeavesPoolFoliosInThePool() throws {
    let two = model(folios: 2, subpages: 2)
    let s = try two.reach([.access(0), .close])
    #expect((0...3).map { s[subpage: $0].life } == [.freed, .freed, .hole, .hole])
    #expect(!two.enabled(.merge(2), s))
  }

  @Test func closeWithPinsMakesOrphansOfPinnedPagesAndFreesTheRest() throws {
    let s = try m.reach([.fault(0), .pin(0), .fault(1), .dmaMap(1), .access(2), .fault(3)])
    let (outcome, next) = try m.run(.close, s)
    #expect(outcome == .ok)
    #expect(next.closed)
    #expect(next[subpage: 0] == page(.shared, .orphan, shortPins: 1))
    #expect(next[subpage: 1] == page(.shared, .orphan, longPins: 1))
    #expect(next[subpage: 2] == page(.shared, .freed))
    #expect(next[subpage: 3] == page(.shared, .freed))
    #expect(!m.enabled(.merge(0), next))
  }

  @Test func afterCloseReleasingTheOrphansLetsTheFolioMergeBackToThePool() throws {
    let closed = try m.reach([.fault(0), .pin(0), .close])
    let released = try m.reach([.unpin(0)], from: closed)
    #expect(released[subpage: 0] == page(.shared, .freed))
    #expect(released.layout(ofFolio: 0) == .split)
    let (outcome, merged) = try m.run(.merge(0), released)
    var expected = m.initialState
    expected.closed = true
    #expect(outcome == .ok)
    #expect(merged == expected)
    #expect(merged.layout(ofFolio: 0) == .huge)
  }

  @Test func baseBackingCloseReleasesToHolesAndHasNoMerge() throws {
    let base = model(backing: .base, initShared: true)
    let s = try base.reach([.fault(0), .pin(0), .fault(1), .access(2)])
    let closed = try base.reach([.close], from: s)
    var expected = base.initialState
    expected.closed = true
    expected[subpage: 0] = page(.shared, .orphan, shortPins: 1)
    #expect(closed == expected)
    let released = try base.reach([.unpin(0)], from: closed)
    expected[subpage: 0] = page(.shared, .hole)
    #expect(released == expected)
    #expect(!base.enabled(.merge(0), released))
    #expect(!base.fixedActions.contains { $0.kind == .merge })
  }

  @Test func afterCloseOnlyUnpinDmaUnmapAndMergeAreEnabled() throws {
    let s = try m.reach([.fault(0), .pin(0), .fault(1), .dmaMap(1), .access(2), .close])
    #expect(m.enabledKinds(s) == [.unpin, .dmaUnmap])
    #expect(m.convertAction(in: s) == nil)
    let released = try m.reach([.unpin(0), .dmaUnmap(1)], from: s)
    #expect(m.enabledKinds(released) == [.merge])
    let merged = try m.reach([.merge(0)], from: released)
    #expect(m.enabledKinds(merged).isEmpty)
  }

  @Test func afterCloseWithBaseBackingNothingIsLeftOnceReleased() throws {
    let base = model(backing: .base, initShared: true)
    let s = try base.reach([.fault(0), .dmaMap(0), .close])
    #expect(base.enabledKinds(s) == [.dmaUnmap])
    #expect(base.enabledKinds(try base.reach([.dmaUnmap(0)], from: s)).isEmpty)
  }
}
