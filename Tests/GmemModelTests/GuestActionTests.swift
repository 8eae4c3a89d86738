import Testing

@testable import GmemModel

/// guestRequest and guestAccess (MODEL.md 2, Guest).
@Suite struct GuestRequestTests {
  let m = model()

  @Test func requestOfOneSubpageOnlySetsTheRequest() throws {
    let s = m.initialState
    let (outcome, next) = try m.run(.request(1...1, to: .shared), s)
    var expected = s
    expected.request = Request(first: 1, last: 1, to: .shared)
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func requestOfAWholeFolioRecordsTheRange() throws {
    let (_, next) = try m.run(.request(0...3, to: .shared), m.initialState)
    #expect(next.request == Request(first: 0, last: 3, to: .shared))
  }

  @Test func requestIsDisabledWhenEverySubpageAlreadyHasTheTarget() {
    let s = m.initialState
    #expect(!m.enabled(.request(2...2, to: .private), s))
    #expect(!m.enabled(.request(0...3, to: .private), s))
  }

  @Test func requestIsEnabledWhenSomeSubpageInRangeDiffers() throws {
    let s = try m.reach([.request(2...2, to: .shared), .convert])
    #expect(m.enabled(.request(0...3, to: .shared), s))
    #expect(m.enabled(.request(0...3, to: .private), s))
    #expect(m.enabled(.request(2...2, to: .private), s))
    #expect(!m.enabled(.request(2...2, to: .shared), s))
    #expect(!m.enabled(.request(1...1, to: .private), s))
  }

  @Test func requestIsDisabledWhileAnotherIsPending() throws {
    let s = try m.reach([.request(0...0, to: .shared)])
    #expect(!m.enabled(.request(1...1, to: .shared), s))
    #expect(!m.enabled(.request(0...3, to: .shared), s))
  }

  @Test func requestIsDisabledAfterClose() throws {
    let s = try m.reach([.close])
    #expect(!m.enabled(.request(0...0, to: .shared), s))
  }

  @Test func initSharedEnablesOnlyRequestsToPrivate() {
    let shared = model(initShared: true)
    let s = shared.initialState
    #expect(!shared.enabled(.request(0...3, to: .shared), s))
    #expect(shared.enabled(.request(0...3, to: .private), s))
  }
}

@Suite struct GuestAccessTests {
  let m = model()

  @Test func firstAccessAllocatesTheWholeHugeFolioPrivateAndHuge() throws {
    let s = m.initialState
    let (outcome, next) = try m.run(.access(1), s)
    var expected = s
    expected.setLife(.present, 0...3)
    expected[subpage: 1].guestMapped = true
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(next.layout(ofFolio: 0) == .huge)
  }

  @Test func firstAccessWithInitSharedAllocatesASplitFolio() throws {
    let shared = model(initShared: true)
    let next = try shared.reach([.access(0)])
    var expected = shared.initialState
    expected.setLife(.present, 0...3)
    expected[subpage: 0].guestMapped = true
    expected.setLayout(.split, ofFolio: 0)
    #expect(next == expected)
  }

  @Test func allocationSplitsWhenOneSubpageWasConvertedToSharedBefore() throws {
    let s = try m.reach([.request(2...2, to: .shared), .convert, .access(0)])
    #expect(s.layout(ofFolio: 0) == .split)
    #expect((0...3).map { s[subpage: $0].life } == [.present, .present, .present, .present])
  }

  @Test func accessWithBaseBackingAllocatesOnlyThatSubpage() throws {
    let base = model(backing: .base)
    let next = try base.reach([.access(2)])
    var expected = base.initialState
    expected[subpage: 2] = page(.private, .present, guestMapped: true)
    #expect(next == expected)
  }

  @Test func accessToAPresentSubpageOnlyMapsItInStageTwo() throws {
    let s = try m.reach([.access(1)])
    let (outcome, next) = try m.run(.access(2), s)
    var expected = s
    expected[subpage: 2].guestMapped = true
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func repeatedAccessIsOkAndChangesNothing() throws {
    let s = try m.reach([.access(1)])
    let (outcome, next) = try m.run(.access(1), s)
    #expect(outcome == .ok)
    #expect(next == s)
  }

  @Test func accessIsDisabledOnSubpagesThePendingRequestCovers() throws {
    let one = try m.reach([.request(1...1, to: .shared)])
    #expect(!m.enabled(.access(1), one))
    #expect(m.enabled(.access(2), one))
    let whole = try m.reach([.request(0...3, to: .shared)])
    #expect((0...3).allSatisfy { !m.enabled(.access($0), whole) })
  }

  @Test func accessAllocatesOnlyTheFolioOfTheSubpage() throws {
    let two = model(folios: 2, subpages: 2)
    let next = try two.reach([.access(3)])
    var expected = two.initialState
    expected.setLife(.present, 2...3)
    expected[subpage: 3].guestMapped = true
    #expect(next == expected)
  }

  @Test func accessIsDisabledOnAnOrphan() throws {
    let base = model(backing: .base, initShared: true)
    let s = try base.reach([.fault(0), .pin(0), .punch(0...0)])
    #expect(s[subpage: 0].life == .orphan)
    #expect(!base.enabled(.access(0), s))
  }

  @Test func accessIsDisabledOnAFreedPieceAndAfterClose() throws {
    let s = try m.reach([.access(0), .close])
    #expect(s[subpage: 0].life == .freed)
    #expect(!m.enabled(.access(0), s))
    let never = try m.reach([.close])
    #expect(!m.enabled(.access(0), never))
  }
}
