/// Allocation and release of memory, shared by several actions.
extension GuestMemfd {
  /// "Allocate f": every subpage of p's folio (of p alone with base
  /// backing) becomes present; a huge folio is split if any of its
  /// subpages is shared.
  func allocate(folioOf p: Int, in s: inout GmemState) {
    guard config.backing == .huge else {
      s[subpage: p].life = .present
      return
    }
    let f = folio(of: p)
    var anyShared = false
    for q in folioRange(f) {
      s[subpage: q].life = .present
      anyShared = anyShared || s[subpage: q].attr == .shared
    }
    s.setLayout(anyShared ? .split : .huge, ofFolio: f)
  }

  /// Where a piece goes when its last reference is dropped outside the
  /// file: back to its folio's merge set (huge) or to the allocator (base).
  var releasedLife: Life {
    config.backing == .huge && !config.has(.freePiecesToBuddy) ? .freed : .hole
  }

  /// An orphan whose last pin has gone is released.
  func releaseIfUnreferenced(_ p: Int, in s: inout GmemState) {
    let page = s[subpage: p]
    if page.life == .orphan && !page.isPinned { s[subpage: p].life = releasedLife }
  }

  /// Any subpage of p's folio is present (with huge backing and the file
  /// open, then all are).
  func isAllocated(folio f: Int, in s: GmemState) -> Bool {
    folioRange(f).contains { s[subpage: $0].life == .present }
  }
}
