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
}
