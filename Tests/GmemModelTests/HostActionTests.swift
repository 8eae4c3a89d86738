import Testing

@testable import GmemModel

/// hostFault and hostUnmap (MODEL.md 2, VMM).
@Suite struct HostFaultTests {
  @Test(arguments: [Backing.huge, .base])
  func faultOnAPrivateHoleIsSIGBUSAndChangesNothing(backing: Backing) throws {
    let m = model(backing: backing)
    let s = m.initialState
    let (outcome, next) = try m.run(.fault(0), s)
    #expect(outcome == .sigbus)
    #expect(next == s)
  }

  @Test(arguments: [Backing.huge, .base])
  func faultOnAPrivatePresentPageIsSIGBUSAndChangesNothing(backing: Backing) throws {
    let m = model(backing: backing)
    let s = try m.reach([.access(0)])
    let (outcome, next) = try m.run(.fault(0), s)
    #expect(outcome == .sigbus)
    #expect(next == s)
  }

  @Test func faultOnASharedHoleAllocatesTheSplitFolioAndMapsThePage() throws {
    let m = model(initShared: true)
    let (outcome, next) = try m.run(.fault(1), m.initialState)
    var expected = m.initialState
    expected.setLife(.present, 0...3)
    expected[subpage: 1].mapped = 1
    expected.setLayout(.split, ofFolio: 0)
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func faultOnASharedHoleWithBaseBackingAllocatesOnlyThatPage() throws {
    let m = model(backing: .base, initShared: true)
    let (outcome, next) = try m.run(.fault(1), m.initialState)
    var expected = m.initialState
    expected[subpage: 1] = page(.shared, .present, mapped: 1)
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func faultOnASharedPieceOfASplitFolioAddsAMapping() throws {
    let m = model(maxMappers: 3)
    let s = try m.reach([.access(0), .request(2...2, to: .shared), .convert])
    let (outcome, next) = try m.run(.fault(2), s)
    var expected = s
    expected[subpage: 2].mapped = 1
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(try m.reach([.fault(2), .fault(2)], from: next)[subpage: 2].mapped == 3)
  }

  @Test func faultAtTheMapperBoundIsOkAndChangesNothing() throws {
    let m = model(initShared: true, maxMappers: 2)
    let s = try m.reach([.fault(0), .fault(0)])
    #expect(s[subpage: 0].mapped == 2)
    let (outcome, next) = try m.run(.fault(0), s)
    #expect(outcome == .ok)
    #expect(next == s)
  }

  @Test func faultOnASharedPieceOfAHugeLayoutIsSIGBUS() throws {
    // Unreachable without a mutant (SplitIfAnyShared); built by hand.
    let m = model()
    var s = m.initialState
    s.setLife(.present, 0...3)
    s[subpage: 1].attr = .shared
    let (outcome, next) = try m.run(.fault(1), s)
    #expect(outcome == .sigbus)
    #expect(next == s)
  }

  @Test func faultIsNotBlockedByAPendingConversion() throws {
    // docs/semantics.md choice 2: host userspace may refault a pending range.
    let m = model(initShared: true)
    let s = try m.reach([.fault(1), .unmap(1), .request(1...1, to: .private)])
    let (outcome, next) = try m.run(.fault(1), s)
    var expected = s
    expected[subpage: 1].mapped = 1
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func faultIsDisabledOnOrphansFreedPiecesAndAfterClose() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(0), .pin(0), .close])
    #expect(s[subpage: 0].life == .orphan)
    #expect(s[subpage: 1].life == .freed)
    #expect(!m.enabled(.fault(0), s))
    #expect(!m.enabled(.fault(1), s))
    var reopened = s
    reopened.closed = false
    #expect(!m.enabled(.fault(0), reopened))
    #expect(!m.enabled(.fault(1), reopened))
    let closedEarly = try m.reach([.close])
    #expect(!m.enabled(.fault(0), closedEarly))
  }
}

@Suite struct HostUnmapTests {
  @Test func unmapDropsOneMapping() throws {
    let m = model(initShared: true, maxMappers: 2)
    let s = try m.reach([.fault(3), .fault(3)])
    let (outcome, next) = try m.run(.unmap(3), s)
    var expected = s
    expected[subpage: 3].mapped = 1
    #expect(outcome == .ok)
    #expect(next == expected)
  }

  @Test func unmapIsDisabledWithoutAMapping() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(3)])
    #expect(!m.enabled(.unmap(2), s))
    #expect(!m.enabled(.unmap(3), try m.reach([.unmap(3)], from: s)))
  }

  @Test func unmapLeavesPinsAndPresence() throws {
    let m = model(backing: .base, initShared: true)
    let s = try m.reach([.fault(0), .pin(0), .unmap(0)])
    #expect(s[subpage: 0] == page(.shared, .present, shortPins: 1))
  }
}
