import Testing

@testable import GmemModel

/// punchHole with huge and base backing (MODEL.md 2.2).
@Suite struct PunchHoleHugeTests {
  let m = model(initShared: true)

  @Test func wholeFolioWithoutPinsReturnsToThePool() throws {
    let s = try m.reach([.fault(0), .access(1)])
    let (outcome, next) = try m.run(.punch(0...3), s)
    #expect(outcome == .ok)
    #expect(next == m.initialState)
    #expect(next.layout(ofFolio: 0) == .huge)
  }

  @Test func wholeFolioPunchKeepsEveryAttribute() throws {
    let p = model()
    let s = try p.reach([.access(0), .request(1...1, to: .shared), .convert, .punch(0...3)])
    var expected = p.initialState
    expected[subpage: 1].attr = .shared
    #expect(s == expected)
  }

  @Test(arguments: [Action.pin(2), .dmaMap(2)])
  func wholeFolioWithAPinIsEAGAINAndTheZapStays(pinning: Action) throws {
    let s = try m.reach([.fault(0), .fault(2), pinning, .access(1), .access(2)])
    let (outcome, next) = try m.run(.punch(0...3), s)
    var expected = s
    for p in 0...3 {
      expected[subpage: p].mapped = 0
      expected[subpage: p].guestMapped = false
    }
    #expect(outcome == .eagain)
    #expect(next == expected)
    #expect(next[subpage: 2].isPinned)
    #expect(next.layout(ofFolio: 0) == .split)
  }

  @Test func punchOfAnUnallocatedFolioIsOkAndChangesNothing() throws {
    let s = m.initialState
    for range in [0...3, 1...1] {
      let (outcome, next) = try m.run(.punch(range), s)
      #expect(outcome == .ok)
      #expect(next == s)
    }
  }

  @Test func singleSubpagePunchOnlyZapsThatSubpageSPTE() throws {
    let s = try m.reach([.fault(1), .pin(1), .access(1), .access(2)])
    let (outcome, next) = try m.run(.punch(1...1), s)
    var expected = s
    expected[subpage: 1].guestMapped = false
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(next[subpage: 1] == page(.shared, .present, mapped: 1, shortPins: 1))
    #expect(next[subpage: 2].guestMapped)
  }

  @Test func withOneSubpageAFolioPunchFreesIt() throws {
    let one = model(subpages: 1, initShared: true)
    let s = try one.reach([.fault(0), .access(0), .punch(0...0)])
    #expect(s == one.initialState)
  }

  @Test func punchIsDisabledAfterClose() throws {
    let s = try m.reach([.fault(0), .close])
    #expect(!m.enabled(.punch(0...3), s))
    #expect(!m.enabled(.punch(0...0), s))
  }
}

@Suite struct PunchHoleBaseTests {
  let m = model(backing: .base, initShared: true, maxMappers: 2)

  @Test func unreferencedPageBecomesAHoleWithItsAttribute() throws {
    let s = try m.reach([.fault(1), .fault(1), .access(1), .fault(2)])
    let (outcome, next) = try m.run(.punch(1...1), s)
    var expected = s
    expected[subpage: 1] = page(.shared, .hole)
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test(arguments: [Action.pin(1), .dmaMap(1)])
  func pinnedPageBecomesAnOrphanKeepingItsPins(pinning: Action) throws {
    let s = try m.reach([.fault(1), pinning, .access(1)])
    let (outcome, next) = try m.run(.punch(1...1), s)
    var expected = s
    expected[subpage: 1].life = .orphan
    expected[subpage: 1].mapped = 0
    expected[subpage: 1].guestMapped = false
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(next[subpage: 1].isPinned)
  }

  @Test func wholeFolioPunchPunchesEachPresentSubpage() throws {
    let s = try m.reach([.fault(0), .pin(0), .fault(1), .access(3)])
    let (outcome, next) = try m.run(.punch(0...3), s)
    var expected = m.initialState
    expected[subpage: 0] = page(.shared, .orphan, shortPins: 1)
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func orphanIsNotRepopulatedUntilReleased() throws {
    let s = try m.reach([.fault(0), .pin(0), .punch(0...0)])
    #expect(!m.enabled(.fault(0), s))
    #expect(!m.enabled(.access(0), s))
    let released = try m.reach([.unpin(0), .fault(0)], from: s)
    #expect(released[subpage: 0] == page(.shared, .present, mapped: 1))
  }

  @Test func punchOfAHoleIsOkAndChangesNothing() throws {
    let (outcome, next) = try m.run(.punch(2...2), m.initialState)
    #expect(outcome == .ok)
    #expect(next == m.initialState)
  }
}
