import Testing

@testable import GmemModel

/// pin and unpin: short-term GUP pins (MODEL.md 2, VMM).
@Suite struct PinTests {
  @Test(arguments: [Backing.huge, .base])
  func pinOfAMappedSharedPageAddsAShortPin(backing: Backing) throws {
    let m = model(backing: backing, initShared: true)
    let s = try m.reach([.fault(1)])
    let (outcome, next) = try m.run(.pin(1), s)
    var expected = s
    expected[subpage: 1].shortPins = 1
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func pinNeedsAMapping() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(1)])
    #expect(!m.enabled(.pin(0), s))
    #expect(!m.enabled(.pin(0), m.initialState))
  }

  @Test func pinStopsAtTheBound() throws {
    let one = model(initShared: true)
    #expect(!one.enabled(.pin(1), try one.reach([.fault(1), .pin(1)])))
    let three = model(initShared: true, maxShortPins: 3)
    let s = try three.reach([.fault(1), .pin(1), .pin(1), .pin(1)])
    #expect(s[subpage: 1].shortPins == 3)
    #expect(!three.enabled(.pin(1), s))
  }

  @Test func pinOfAMappedPrivatePageIsSIGBUSAndChangesNothing() throws {
    // A private page is mapped only under a mutant; built by hand.
    let m = model(backing: .base)
    var s = m.initialState
    s[subpage: 0] = page(.private, .present, mapped: 1)
    let (outcome, next) = try m.run(.pin(0), s)
    #expect(outcome == .sigbus)
    #expect(next == s)
  }

  @Test func pinIsDisabledOnAClosedFile() {
    // After close nothing is mapped; the closed bit alone must also stop it.
    let m = model(backing: .base, initShared: true)
    var s = m.initialState
    s[subpage: 0] = page(.shared, .present, mapped: 1)
    s.closed = true
    #expect(!m.enabled(.pin(0), s))
  }

  @Test func pinIsDisabledOnAnOrphan() {
    let m = model(backing: .base, initShared: true)
    var s = m.initialState
    s[subpage: 0] = page(.shared, .orphan, mapped: 1, shortPins: 0, longPins: 1)
    #expect(!m.enabled(.pin(0), s))
  }

  @Test func unpinOfAPresentPageDropsThePinOnly() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(2), .pin(2)])
    let (outcome, next) = try m.run(.unpin(2), s)
    var expected = s
    expected[subpage: 2].shortPins = 0
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(next[subpage: 2].life == .present)
  }

  @Test func unpinIsDisabledWithoutAPin() throws {
    let m = model(initShared: true)
    #expect(!m.enabled(.unpin(2), try m.reach([.fault(2)])))
  }

  @Test func lastUnpinOfAnOrphanFreesItWithHugeBacking() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(2), .pin(2), .close])
    let (outcome, next) = try m.run(.unpin(2), s)
    var expected = s
    expected[subpage: 2] = page(.shared, .freed)
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func lastUnpinOfAnOrphanMakesAHoleWithBaseBacking() throws {
    let m = model(backing: .base, initShared: true)
    let s = try m.reach([.fault(2), .pin(2), .punch(2...2)])
    #expect(s[subpage: 2] == page(.shared, .orphan, shortPins: 1))
    let next = try m.reach([.unpin(2)], from: s)
    #expect(next == m.initialState)
  }

  @Test func unpinKeepsAnOrphanThatStillHasALongPin() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(2), .pin(2), .dmaMap(2), .close, .unpin(2)])
    #expect(s[subpage: 2] == page(.shared, .orphan, longPins: 1))
  }

  @Test func unpinOfAnOrphanWithTwoPinsKeepsItUntilTheLast() throws {
    let m = model(backing: .base, initShared: true, maxShortPins: 2)
    let s = try m.reach([.fault(0), .pin(0), .pin(0), .close, .unpin(0)])
    #expect(s[subpage: 0] == page(.shared, .orphan, shortPins: 1))
    #expect(try m.reach([.unpin(0)], from: s)[subpage: 0] == page(.shared, .hole))
  }
}
