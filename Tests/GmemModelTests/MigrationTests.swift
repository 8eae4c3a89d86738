import Testing

@testable import GmemModel

/// `migration: shared4K`: `migrate(p)` moves a shared, unpinned, present
/// piece of a split folio to a standalone 4K page (docs/semantics.md
/// "Design knobs"). Two subpages per folio, both shared.
@Suite struct MigrateActionTests {
  let m = model(subpages: 2, initShared: true, migration: .shared4K)

  @Test func migrateExistsOnlyWithTheKnob() throws {
    let none = model(subpages: 2, initShared: true)
    let s = try none.reach([.fault(0)])
    #expect(none.apply(.migrate(0), to: s) == nil)
    #expect(m.enabled(.migrate(0), s))
  }

  @Test func migrateMovesThePieceKeepsThePTEsAndDropsSPTEAndIOMMU() throws {
    let pfn = model(subpages: 2, initShared: true, longTermPins: .pfnCallback, migration: .shared4K)
    let s = try pfn.reach([.fault(0), .access(0), .dmaMap(0)])
    let (outcome, next) = try pfn.run(.migrate(0), s)
    var expected = s
    expected[subpage: 0] = page(.shared, .present, mapped: 1, migrated: true, pieceFreed: true)
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(next[subpage: 0].pieceLife == .freed)
    #expect(next.layout(ofFolio: 0) == .split)
  }

  @Test func eachPreconditionIsNeeded() throws {
    let s = try m.reach([.fault(0)])
    #expect(m.enabled(.migrate(0), s))
    #expect(!m.enabled(.migrate(0), m.initialState))  // not present
    #expect(!m.enabled(.migrate(0), try m.reach([.pin(0)], from: s)))  // pinned
    #expect(!m.enabled(.migrate(0), try m.reach([.dmaMap(0)], from: s)))  // long-term pinned
    #expect(!m.enabled(.migrate(0), try m.reach([.migrate(0)], from: s)))  // migrated
    var closed = s
    closed.closed = true
    #expect(!m.enabled(.migrate(0), closed))
    var huge = s
    huge.setLayout(.huge, ofFolio: 0)
    #expect(!m.enabled(.migrate(0), huge))
    let priv = model(subpages: 2, migration: .shared4K)
    let mixed = try priv.reach([.access(0), .request(1...1, to: .shared), .convert])
    #expect(!priv.enabled(.migrate(0), mixed))  // private
    #expect(priv.enabled(.migrate(1), mixed))
  }

  @Test func mergeOnceEveryPieceMigratedReturnsTheFolioWithTheFileOpen() throws {
    let one = try m.reach([.fault(0), .migrate(0)])
    #expect(!m.enabled(.merge(0), one))
    let both = try m.reach([.migrate(1)], from: one)
    let (outcome, next) = try m.run(.merge(0), both)
    var expected = m.initialState
    expected[subpage: 0] = page(.shared, .present, mapped: 1, migrated: true)
    expected[subpage: 1] = page(.shared, .present, migrated: true)
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(!next.closed)
    #expect(next.layout(ofFolio: 0) == .huge)
    #expect(!m.isAllocated(folio: 0, in: next))
  }

  @Test func aMigratedIndexInAHugeFolioStillFaults() throws {
    let s = try m.reach([.fault(0), .migrate(0), .migrate(1), .merge(0)])
    let (outcome, next) = try m.run(.fault(1), s)
    #expect(outcome == .ok)
    #expect(next[subpage: 1].mapped == 1)
  }

  @Test func allocationAfterMergeLeavesTheMigratedIndexStandalone() throws {
    let merged = try m.reach([.fault(0), .migrate(0), .migrate(1), .merge(0), .punch(1...1)])
    #expect(merged[subpage: 1] == page(.shared, .hole))  // canonical: a plain hole
    let s = try m.reach([.access(1)], from: merged)
    #expect(s[subpage: 0] == page(.shared, .present, mapped: 1, migrated: true, pieceFreed: true))
    #expect(s[subpage: 1] == page(.shared, .present, guestMapped: true))
    #expect(s.layout(ofFolio: 0) == .split)
  }

  @Test func reMergeInPlaceNeedsEveryPieceInPlace() throws {
    let start: [Action] = [.fault(0)]
    let convert: [Action] = [.request(0...1, to: .private), .convert]
    #expect(try m.reach(start + convert).layout(ofFolio: 0) == .huge)
    let s = try m.reach(start + [.migrate(0)] + convert)
    #expect(s.layout(ofFolio: 0) == .split)
    #expect(s[subpage: 0] == page(.private, .present, migrated: true, pieceFreed: true))
  }

  @Test func perFolioRefcountIgnoresAPinnedMigratedPage() throws {
    let perFolio = model(subpages: 2, initShared: true, refcount: .perFolio, migration: .shared4K)
    let path: [Action] = [.fault(0), .fault(1), .pin(1), .request(0...0, to: .private)]
    #expect(try perFolio.outcome(.convert, try perFolio.reach(path)) == .eagain)
    let moved: [Action] = [.fault(0), .fault(1), .migrate(1), .pin(1), .request(0...0, to: .private)]
    #expect(try perFolio.outcome(.convert, try perFolio.reach(moved)) == .ok)
  }
}

/// A migrated index behaves like a base-backed page: punch frees its
/// standalone page, close releases it to the allocator.
@Suite struct MigratedPageLifeTests {
  let m = model(subpages: 2, initShared: true, migration: .shared4K)

  @Test func singleSubpagePunchFreesTheStandalonePage() throws {
    #expect(try m.reach([.fault(0), .punch(0...0)])[subpage: 0].life == .present)
    let s = try m.reach([.fault(0), .migrate(0), .punch(0...0)])
    #expect(s[subpage: 0] == page(.shared, .hole, migrated: true, pieceFreed: true))
    let again = try m.reach([.access(0)], from: s)
    #expect(again[subpage: 0] == page(.shared, .present, guestMapped: true, migrated: true, pieceFreed: true))
    #expect(again[subpage: 1] == s[subpage: 1])
  }

  @Test func punchOfAPinnedMigratedPageMakesAnOrphanReleasedToAHole() throws {
    let s = try m.reach([.fault(0), .migrate(0), .pin(0), .punch(0...0)])
    #expect(s[subpage: 0] == page(.shared, .orphan, shortPins: 1, migrated: true, pieceFreed: true))
    let released = try m.reach([.unpin(0)], from: s)
    #expect(released[subpage: 0] == page(.shared, .hole, migrated: true, pieceFreed: true))
  }

  @Test func wholeFolioPunchFreesTheStandalonePageToo() throws {
    let s = try m.reach([.fault(0), .migrate(0), .punch(0...1)])
    #expect(s == m.initialState)
    let pinned = try m.reach([.fault(0), .migrate(0), .pin(0)])
    let (outcome, next) = try m.run(.punch(0...1), pinned)
    #expect(outcome == .ok)  // the pin is on a page outside the folio
    #expect(next[subpage: 0] == page(.shared, .orphan, shortPins: 1, migrated: true))
    #expect(next[subpage: 1] == page(.shared, .hole))
    #expect(try m.reach([.unpin(0)], from: next) == m.initialState)
  }

  @Test func closeReleasesAMigratedPageToAHoleNotToTheMergeSet() throws {
    #expect(try m.reach([.fault(0), .close])[subpage: 0] == page(.shared, .freed))
    let s = try m.reach([.fault(0), .migrate(0), .close])
    #expect(s[subpage: 0] == page(.shared, .hole, migrated: true, pieceFreed: true))
    #expect(s[subpage: 1] == page(.shared, .freed))
    var expected = m.initialState
    expected.closed = true
    #expect(try m.reach([.merge(0)], from: s) == expected)
  }
}
