/// Compaction: reconstituting huge pages (MODEL.md 2, Compaction).
extension GuestMemfd {
  /// All pieces freed (a migrated index's piece counts as freed): the
  /// folio is reassembled and returns to the pool [H2
  /// `guestmem_hugetlb_merge_folio`]. Migrated indices keep their
  /// standalone pages. `mergeWithPins` also takes still-pinned orphans,
  /// keeping their pins: a use after free.
  @inlinable @inline(always)
  func merge<S: ModelState>(_ f: Int, in s: S) -> (Outcome, S)? {
    guard config.backing == .huge else { return nil }
    let range = folioRange(f)
    let ready = s.everySubpage(in: range) {
      let life = $0.pieceLife
      return life == .freed || (has(.mergeWithPins) && life == .orphan)
    }
    guard ready else { return nil }
    var n = s
    for p in range {
      if n[subpage: p].migrated {
        n[subpage: p].pieceFreed = false
      } else {
        n[subpage: p].life = .hole
      }
    }
    n.setLayout(.huge, ofFolio: f)
    return (.ok, n)
  }

  /// `migration: shared4K`: a shared, unpinned, present piece of a split
  /// folio moves to a standalone 4K page; its piece of the folio is freed
  /// for merging and the file keeps the data. Host PTEs are restored after
  /// migration; the SPTE and any IOMMU PFN mapping are invalidated.
  /// `migratePinned` also moves pinned pieces: the pins keep the old page.
  /// A transient reference makes migration give up (it freezes the
  /// refcount and fails on an extra reference rather than spinning).
  @inlinable @inline(always)
  func migrate<S: ModelState>(_ p: Int, in s: S) -> (Outcome, S)? {
    let page = s[subpage: p]
    guard config.migration == .shared4K, !s.closed, page.life == .present, page.attr == .shared,
      !page.migrated, s.layout(ofFolio: folio(of: p)) == .split, !page.transient,
      !page.isPinned || has(.migratePinned)
    else { return nil }
    var n = s
    n[subpage: p].migrated = true
    n[subpage: p].pieceFreed = true
    n[subpage: p].guestMapped = false
    n[subpage: p].iommuMapped = false
    // Only a completed write reads stale pins, and only with content
    // tracked: without it they are a ghost of content, kept out of the
    // state (`ModelConfig.withoutContent`).
    n[subpage: p].stalePins = page.isPinned && config.trackData
    return (.ok, n)
  }
}
