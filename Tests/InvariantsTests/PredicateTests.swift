import GmemModel
import Invariants
import Testing

/// Each predicate on hand-built states: the boundary between holding and
/// failing, field by field.
@Suite struct PredicateTests {
  let model = GuestMemfd(config(subpages: 2))

  func state(_ edit: (inout GmemState) -> Void) -> GmemState {
    var s = model.initialState
    edit(&s)
    return s
  }

  func present(_ attr: Attr, _ edit: (inout Subpage) -> Void = { _ in }) -> Subpage {
    var page = Subpage(attr: attr)
    page.life = .present
    edit(&page)
    return page
  }

  @Test func noPrivateInUserspace() {
    let i = Invariant.noPrivateInUserspace
    let privateWith: [(inout Subpage) -> Void] = [
      { $0.mapped = 1 }, { $0.shortPins = 1 }, { $0.longPins = 1 },
    ]
    for edit in privateWith {
      let s = state { $0[subpage: 1] = present(.private, edit); $0.setLayout(.split, ofFolio: 0) }
      #expect(!i.holds(in: s, of: model))
      #expect(i.violation(model, s)?.contains("p1") == true)
    }
    #expect(i.holds(in: state { $0[subpage: 1] = present(.private) { $0.guestMapped = true } }, of: model))
    #expect(i.holds(in: state { $0[subpage: 1] = present(.shared) { $0.mapped = 1; $0.longPins = 1 } }, of: model))
    // An orphan is outside the file: its pins are not on a file page.
    var orphan = Subpage(attr: .private)
    orphan.life = .orphan
    orphan.shortPins = 1
    #expect(i.holds(in: state { $0[subpage: 0] = orphan }, of: model))
  }

  @Test func hugepageReconstitutable() {
    let i = Invariant.hugepageReconstitutable
    #expect(i.holds(in: model.initialState, of: model))
    #expect(!i.holds(in: state { $0.setLayout(.split, ofFolio: 0) }, of: model))
    // One piece freed, the other back in the allocator: lost.
    #expect(!i.holds(in: state { $0[subpage: 0].life = .freed }, of: model))
    let allFreed = state { $0[subpage: 0].life = .freed; $0[subpage: 1].life = .freed }
    #expect(i.holds(in: allFreed, of: model))
    var pinned = allFreed
    pinned[subpage: 1].shortPins = 1
    #expect(!i.holds(in: pinned, of: model))
    let base = GuestMemfd(config(subpages: 2, backing: .base))
    #expect(i.holds(in: state { $0[subpage: 0].life = .present }, of: base))
  }

  @Test func noUseAfterFree() {
    let i = Invariant.noUseAfterFree
    for life in [Life.hole, .freed] {
      for edit in [{ (p: inout Subpage) in p.mapped = 1 }, { $0.shortPins = 1 }, { $0.longPins = 1 }, { $0.guestMapped = true }] {
        var page = Subpage(attr: .shared)
        page.life = life
        edit(&page)
        #expect(!i.holds(in: state { $0[subpage: 0] = page }, of: model))
      }
    }
    var orphan = Subpage(attr: .shared)
    orphan.life = .orphan
    orphan.longPins = 1
    #expect(i.holds(in: state { $0[subpage: 0] = orphan }, of: model))
  }

  @Test func splitIfAnyShared() {
    let i = Invariant.splitIfAnyShared
    let shared = state { $0[subpage: 0] = present(.shared); $0[subpage: 1] = present(.private) }
    #expect(!i.holds(in: shared, of: model))
    var split = shared
    split.setLayout(.split, ofFolio: 0)
    #expect(i.holds(in: split, of: model))
    // A shared hole in a pool folio is fine: allocation decides the layout.
    #expect(i.holds(in: state { $0[subpage: 0].attr = .shared }, of: model))
  }

  @Test func refcountsBounded() {
    let i = Invariant.refcountsBounded
    let at = state { $0[subpage: 0] = present(.shared) { $0.mapped = 1; $0.shortPins = 1; $0.longPins = 1 } }
    #expect(i.holds(in: at, of: model))
    for edit in [{ (p: inout Subpage) in p.mapped = 2 }, { $0.shortPins = 2 }, { $0.longPins = 2 }] {
      var s = at
      edit(&s[subpage: 0])
      #expect(!i.holds(in: s, of: model))
    }
  }

  @Test func noPrivateInDevice() {
    let i = Invariant.noPrivateInDevice
    #expect(!i.holds(in: state { $0[subpage: 0] = present(.private) { $0.iommuMapped = true } }, of: model))
    #expect(!i.holds(in: state { $0[subpage: 0] = present(.private) { $0.longPins = 1 } }, of: model))
    #expect(i.holds(in: state { $0[subpage: 0] = present(.private) { $0.mapped = 1 } }, of: model))
    #expect(i.holds(in: state { $0[subpage: 0] = present(.shared) { $0.iommuMapped = true } }, of: model))
  }

  @Test func noSilentDataLoss() {
    let i = Invariant.noSilentDataLoss
    let lost = state { $0[subpage: 1] = present(.shared) { $0.expectedWritten = true } }
    #expect(!i.holds(in: lost, of: model))
    #expect(i.violation(model, lost)?.contains("write lost") == true)
    #expect(!i.holds(in: state { $0[subpage: 1] = present(.shared) { $0.written = true } }, of: model))
    let both = state { $0[subpage: 1] = present(.shared) { $0.written = true; $0.expectedWritten = true } }
    #expect(i.holds(in: both, of: model))
    #expect(i.notApplicable(model.config) != nil)
  }

  @Test func migratedPiecesBelongToTheFolioAsFreed() {
    // p0 migrated out (its piece freed), p1 present private: the folio is
    // in the file, split, and nothing is lost.
    var s = state { $0[subpage: 1] = present(.private) }
    s[subpage: 0] = present(.shared) { $0.migrated = true; $0.pieceFreed = true }
    s.setLayout(.split, ofFolio: 0)
    #expect(Invariant.hugepageReconstitutable.holds(in: s, of: model))
    // After a merge the piece is back in the pool while p0 keeps its
    // standalone page: a huge folio whose shared index is not its piece.
    var merged = model.initialState
    merged[subpage: 0] = present(.shared) { $0.migrated = true }
    #expect(Invariant.hugepageReconstitutable.holds(in: merged, of: model))
    #expect(Invariant.splitIfAnyShared.holds(in: merged, of: model))
    var notMigrated = merged
    notMigrated[subpage: 0].migrated = false
    #expect(!Invariant.splitIfAnyShared.holds(in: notMigrated, of: model))
    #expect(!Invariant.hugepageReconstitutable.holds(in: notMigrated, of: model))
  }
}
