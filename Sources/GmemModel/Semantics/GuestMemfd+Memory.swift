/// Allocation, release and canonical form, shared by several actions.
extension GuestMemfd {
  /// "Allocate f" for an access to p. Base backing, or p migrated: p alone
  /// (a standalone 4K page). Huge: every non-migrated hole of the folio
  /// becomes present; the pieces of migrated indices are unused, so they
  /// wait to be merged; the folio is split if any of its own subpages is
  /// shared, or always with `split: atCreation`.
  @inlinable @inline(always)
  func allocate<S: ModelState>(folioOf p: Int, in s: inout S) {
    guard config.backing == .huge, !s[subpage: p].migrated else {
      s[subpage: p].life = .present
      return
    }
    let f = folio(of: p)
    // A test of the folio, not a loop's running "or": reads of other
    // subpages go through `firstSubpage` (`ModelState`).
    let anyShared = s.anySubpage(in: folioRange(f)) { !$0.migrated && $0.attr == .shared }
    for q in folioRange(f) {
      if s[subpage: q].migrated {
        s[subpage: q].pieceFreed = true
        continue
      }
      s[subpage: q].life = .present
    }
    let split = anyShared || config.split == .atCreation
    s.setLayout(split ? .split : .huge, ofFolio: f)
  }

  /// Where p's memory goes when its last reference is dropped outside the
  /// file: back to its folio's merge set (huge), or to the allocator (base,
  /// a migrated index's standalone page, or the `freePiecesToBuddy` mutant).
  @inlinable @inline(always)
  func releasedLife<S: ModelState>(_ p: Int, in s: S) -> Life {
    let toMergeSet =
      config.backing == .huge && !s[subpage: p].migrated && !has(.freePiecesToBuddy)
    return toMergeSet ? .freed : .hole
  }

  /// An orphan whose last pin and transient reference have gone is
  /// released.
  @inlinable @inline(always)
  func releaseIfUnreferenced<S: ModelState>(_ p: Int, in s: inout S) {
    let page = s[subpage: p]
    if page.life == .orphan && !page.isHeld { s[subpage: p].life = releasedLife(p, in: s) }
  }

  /// A piece of f (not a migrated index's standalone page) is in the file.
  @inlinable @inline(always)
  func isAllocated<S: ModelState>(folio f: Int, in s: S) -> Bool {
    s.anySubpage(in: folioRange(f)) { $0.pieceLife == .present }
  }

  /// A DMA or O_DIRECT write completes as a pin is dropped (`trackData`):
  /// it lands in the file's page, unless the pin still holds the old page
  /// of a migrated piece (`migratePinned`), when only the writer's
  /// expectation changes.
  @inlinable @inline(always)
  func completeWrite<S: ModelState>(_ p: Int, in s: inout S) {
    guard config.trackData, s[subpage: p].life == .present else { return }
    s[subpage: p].expectedWritten = true
    if !s[subpage: p].stalePins { s[subpage: p].written = true }
  }

  /// Canonical form of the optional fields, so that states that differ only
  /// in what no action can observe count once: content outside the file
  /// is zero; a migrated index with no page whose piece is back in the
  /// pool is an ordinary hole; pins that are gone are not stale.
  @inlinable @inline(always)
  func normalize<S: ModelState>(_ s: inout S) {
    for p in subpageIndices {
      var page = s[subpage: p]
      if page.life != .present {
        page.written = false
        page.expectedWritten = false
      }
      if page.migrated && page.life == .hole && !page.pieceFreed { page.migrated = false }
      if !page.isPinned { page.stalePins = false }
      s[subpage: p] = page
    }
  }
}
