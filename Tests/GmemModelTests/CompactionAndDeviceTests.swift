import Testing

@testable import GmemModel

/// dmaMap and dmaUnmap: the IOMMU's long-term pins (MODEL.md 2, IOMMU).
@Suite struct DeviceTests {
  let m = model(initShared: true)

  @Test(arguments: [Backing.huge, .base])
  func dmaMapOfAMappedSharedPageAddsALongPin(backing: Backing) throws {
    let d = model(backing: backing, initShared: true)
    let s = try d.reach([.fault(3)])
    let (outcome, next) = try d.run(.dmaMap(3), s)
    var expected = s
    expected[subpage: 3].longPins = 1
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func dmaMapNeedsAMappedPresentPage() throws {
    #expect(!m.enabled(.dmaMap(0), m.initialState))
    #expect(!m.enabled(.dmaMap(0), try m.reach([.access(0)])))
  }

  @Test func dmaMapIsDisabledOnPrivateMemory() {
    // A mapped private page exists only under a mutant; built by hand.
    let d = model(backing: .base)
    var s = d.initialState
    s[subpage: 0] = page(.private, .present, mapped: 1)
    #expect(!d.enabled(.dmaMap(0), s))
  }

  @Test func dmaMapIsDisabledOnAClosedFile() {
    let d = model(backing: .base, initShared: true)
    var s = d.initialState
    s[subpage: 0] = page(.shared, .present, mapped: 1)
    #expect(d.enabled(.dmaMap(0), s))
    s.closed = true
    #expect(!d.enabled(.dmaMap(0), s))
  }

  @Test func dmaMapStopsAtTheBound() throws {
    #expect(!m.enabled(.dmaMap(0), try m.reach([.fault(0), .dmaMap(0)])))
    let two = model(initShared: true, maxLongPins: 2)
    let s = try two.reach([.fault(0), .dmaMap(0), .dmaMap(0)])
    #expect(s[subpage: 0].longPins == 2)
    #expect(!two.enabled(.dmaMap(0), s))
  }

  @Test func dmaUnmapDropsTheLongPinOnly() throws {
    let s = try m.reach([.fault(0), .dmaMap(0)])
    let (outcome, next) = try m.run(.dmaUnmap(0), s)
    var expected = s
    expected[subpage: 0].longPins = 0
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(!m.enabled(.dmaUnmap(0), next))
  }

  @Test func dmaUnmapReleasesAnOrphanToItsMergeSet() throws {
    let s = try m.reach([.fault(0), .dmaMap(0), .close, .dmaUnmap(0)])
    #expect(s[subpage: 0] == page(.shared, .freed))
  }

  @Test func dmaUnmapReleasesABaseOrphanToAHole() throws {
    let base = model(backing: .base, initShared: true)
    let s = try base.reach([.fault(0), .dmaMap(0), .punch(0...0), .dmaUnmap(0)])
    #expect(s == base.initialState)
  }

  @Test func dmaUnmapKeepsAnOrphanThatIsStillShortPinned() throws {
    let s = try m.reach([.fault(0), .dmaMap(0), .pin(0), .close, .dmaUnmap(0)])
    #expect(s[subpage: 0] == page(.shared, .orphan, shortPins: 1))
  }
}

/// merge: compaction reassembling a folio (MODEL.md 2, Compaction).
@Suite struct MergeTests {
  let m = model(initShared: true)

  @Test func mergeOfAllFreedPiecesReturnsTheFolioToThePoolHuge() throws {
    let s = try m.reach([.access(0), .close])
    #expect(s.layout(ofFolio: 0) == .split)
    let (outcome, next) = try m.run(.merge(0), s)
    var expected = m.initialState
    expected.closed = true
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func mergeIsDisabledWhileAPieceIsAnOrphan() throws {
    let s = try m.reach([.fault(1), .pin(1), .close])
    #expect(!m.enabled(.merge(0), s))
  }

  @Test func mergeIsDisabledOnPresentAndPoolFolios() throws {
    #expect(!m.enabled(.merge(0), m.initialState))
    #expect(!m.enabled(.merge(0), try m.reach([.access(0)])))
  }

  @Test func mergeIsDisabledWithBaseBacking() {
    let base = model(backing: .base)
    var s = base.initialState
    s.setLife(.freed, 0...3)
    #expect(!base.enabled(.merge(0), s))
  }

  @Test func mergeTouchesOnlyItsFolio() throws {
    let two = model(folios: 2, subpages: 2, initShared: true)
    let s = try two.reach([.access(0), .fault(2), .pin(2), .close])
    let next = try two.reach([.merge(1)], from: s)
    #expect(!two.enabled(.merge(2), s))
    #expect((0...3).map { next[subpage: $0].life } == [.hole, .hole, .orphan, .freed])
    #expect(next.layout(ofFolio: 0) == .huge)
    #expect(next.layout(ofFolio: 1) == .split)
  }

  @Test func mergeActionsExistOnlyWithHugeBacking() {
    let huge = model(folios: 3, subpages: 2)
    let merges = huge.fixedActions.filter { $0.kind == .merge }.map(\.range)
    #expect(merges == [0...1, 2...3, 4...5])
  }
}
