import Testing

@testable import GmemModel

/// convert to private (MODEL.md 2.1 steps 1-4).
@Suite struct ConvertToPrivateTests {
  let m = model(initShared: true)

  @Test func convertIsDisabledWithoutAPendingRequest() throws {
    #expect(!m.enabled(.convert, m.initialState))
    #expect(!m.enabled(.convert, try m.reach([.fault(0)])))
  }

  @Test func convertZapsPTEsAndSPTEsFlipsTheAttributeAndClearsTheRequest() throws {
    let s = try m.reach([.fault(0), .fault(1), .access(1), .request(1...1, to: .private)])
    let (outcome, next) = try m.run(.convert, s)
    var expected = s
    expected.request = nil
    expected[subpage: 1] = page(.private, .present)
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(next[subpage: 0].mapped == 1)  // outside the range
    #expect(next.layout(ofFolio: 0) == .split)
  }

  @Test func convertActionNamesThePendingRequest() throws {
    let s = try m.reach([.request(0...3, to: .private)])
    #expect(m.convertAction(in: s) == Action(.convert, 0...3, to: .private))
    #expect(m.convertAction(in: m.initialState) == nil)
  }

  @Test func shortPinGivesEAGAINWithPTEsZappedAndRequestPending() throws {
    let s = try m.reach([.fault(1), .pin(1), .access(1), .request(1...1, to: .private)])
    let (outcome, next) = try m.run(.convert, s)
    var expected = s
    expected[subpage: 1].mapped = 0
    #expect(outcome == .eagain)
    #expect(next == expected)
    #expect(next[subpage: 1] == page(.shared, .present, shortPins: 1, guestMapped: true))
    #expect(next.request == Request(first: 1, last: 1, to: .private))
  }

  @Test func longPinGivesEAGAINWithPTEsZappedAndRequestPending() throws {
    let s = try m.reach([.fault(1), .dmaMap(1), .request(1...1, to: .private)])
    let (outcome, next) = try m.run(.convert, s)
    var expected = s
    expected[subpage: 1].mapped = 0
    #expect(outcome == .eagain)
    #expect(next == expected)
    #expect(next[subpage: 1] == page(.shared, .present, longPins: 1))
    #expect(next.request == Request(first: 1, last: 1, to: .private))
  }

  @Test func eagainOnAWholeFolioZapsEveryPTEInIt() throws {
    let s = try m.reach([.fault(0), .fault(2), .pin(2), .request(0...3, to: .private)])
    let (outcome, next) = try m.run(.convert, s)
    #expect(outcome == .eagain)
    #expect((0...3).map { next[subpage: $0].mapped } == [0, 0, 0, 0])
    #expect((0...3).map { next[subpage: $0].attr } == [.shared, .shared, .shared, .shared])
    #expect(next.request == Request(first: 0, last: 3, to: .private))
  }

  @Test func retryAfterTheUnpinSucceeds() throws {
    let s = try m.reach([.fault(1), .pin(1), .request(1...1, to: .private)])
    let (_, failed) = try m.run(.convert, s)
    let done = try m.reach([.unpin(1), .convert], from: failed)
    #expect(done[subpage: 1] == page(.private, .present))
    #expect(done.request == nil)
  }

  @Test func aPinOutsideTheRangeDoesNotBlock() throws {
    let s = try m.reach([.fault(0), .pin(0), .request(1...1, to: .private)])
    let (outcome, next) = try m.run(.convert, s)
    #expect(outcome == .ok)
    #expect(next[subpage: 1].attr == .private)
    #expect(next[subpage: 0] == page(.shared, .present, mapped: 1, shortPins: 1))
  }

  @Test func splitFolioMergesBackToHugeWhenItsLastSharedSubpageTurnsPrivate() throws {
    let p = model()
    let s = try p.reach([
      .access(0), .request(1...1, to: .shared), .convert, .request(2...2, to: .shared), .convert,
    ])
    #expect(s.layout(ofFolio: 0) == .split)
    let one = try p.reach([.request(1...1, to: .private), .convert], from: s)
    #expect(one.layout(ofFolio: 0) == .split)
    let both = try p.reach([.request(2...2, to: .private), .convert], from: one)
    #expect(both.layout(ofFolio: 0) == .huge)
    #expect(both[subpage: 2] == page(.private, .present))
  }

  @Test func wholeFolioConversionOfASplitFolioMergesIt() throws {
    let s = try m.reach([.access(0), .request(0...3, to: .private), .convert])
    #expect(s.layout(ofFolio: 0) == .huge)
    #expect((0...3).allSatisfy { s[subpage: $0] == page(.private, .present) })
  }

  @Test func conversionOfAPoolFolioLeavesItHuge() throws {
    let s = try m.reach([.request(0...3, to: .private), .convert])
    #expect(s == model().initialState)
    #expect(s.layout(ofFolio: 0) == .huge)
  }

  @Test func alreadyAllPrivateSucceedsChangingNothingButTheRequest() throws {
    // Unreachable through guestRequest; built by hand for step 1.
    var s = try m.reach([.fault(0), .access(1)])
    s[subpage: 1].attr = .private
    s.request = Request(first: 1, last: 1, to: .private)
    let (outcome, next) = try m.run(.convert, s)
    var expected = s
    expected.request = nil
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(next[subpage: 1].guestMapped)
  }

  @Test func baseBackingHasNoLayoutToMerge() throws {
    let base = model(backing: .base, initShared: true)
    let s = try base.reach([.fault(0), .fault(1), .request(0...3, to: .private), .convert])
    var expected = model(backing: .base).initialState
    expected.setLife(.present, 0...1)
    #expect(s == expected)
  }
}

/// convert to shared (MODEL.md 2.1, "To shared").
@Suite struct ConvertToSharedTests {
  let m = model()

  @Test func convertSplitsAnAllocatedFolioAndZapsOnlyTheRangeSPTE() throws {
    let s = try m.reach([.access(0), .access(1), .request(1...1, to: .shared)])
    let (outcome, next) = try m.run(.convert, s)
    var expected = s
    expected.request = nil
    expected[subpage: 1] = page(.shared, .present)
    expected.setLayout(.split, ofFolio: 0)
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(next[subpage: 0].guestMapped)
  }

  @Test func convertLeavesAPoolFolioHuge() throws {
    let s = try m.reach([.request(1...1, to: .shared)])
    let (outcome, next) = try m.run(.convert, s)
    var expected = m.initialState
    expected[subpage: 1].attr = .shared
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(next.layout(ofFolio: 0) == .huge)
  }

  @Test func convertSplitsOnlyTheFolioOfTheRange() throws {
    let two = model(folios: 2, subpages: 2)
    let s = try two.reach([.access(0), .access(2), .request(3...3, to: .shared), .convert])
    #expect(s.layout(ofFolio: 0) == .huge)
    #expect(s.layout(ofFolio: 1) == .split)
  }

  @Test func convertToSharedIgnoresPinsAndKeepsPTEs() throws {
    let s = try m.reach([
      .access(0), .request(1...1, to: .shared), .convert, .fault(1), .pin(1), .dmaMap(1),
      .access(2), .request(0...3, to: .shared),
    ])
    let (outcome, next) = try m.run(.convert, s)
    #expect(outcome == .ok)
    #expect(next[subpage: 1] == page(.shared, .present, mapped: 1, shortPins: 1, longPins: 1))
    #expect(next[subpage: 2] == page(.shared, .present))
    #expect(next.request == nil)
    #expect(next.layout(ofFolio: 0) == .split)
  }

  @Test func sharedBeforeAllocationThenAccessReadsAFreshSplitFolio() throws {
    // Scenario 4 of MODEL.md 5 (before_allocation).
    let s = try m.reach([.request(0...0, to: .shared), .convert, .fault(0)])
    #expect(s.layout(ofFolio: 0) == .split)
    #expect(s[subpage: 0] == page(.shared, .present, mapped: 1))
    #expect(s[subpage: 1] == page(.private, .present))
  }

  @Test func baseBackingConversionToSharedHasNoLayout() throws {
    let base = model(backing: .base)
    let s = try base.reach([.access(0), .request(0...0, to: .shared), .convert])
    var expected = base.initialState
    expected[subpage: 0] = page(.shared, .present)
    #expect(s == expected)
  }

  @Test func kernelScenarioInitPrivate() throws {
    // Scenario 1 of MODEL.md 5 on one subpage.
    let one = model(subpages: 1)
    var s = one.initialState
    #expect(try one.run(.fault(0), s).0 == .sigbus)
    s = try one.reach([.request(0...0, to: .shared), .convert, .fault(0)], from: s)
    s = try one.reach([.request(0...0, to: .private), .convert], from: s)
    #expect(try one.run(.fault(0), s).0 == .sigbus)
    #expect(s[subpage: 0] == page(.private, .present))
  }
}
