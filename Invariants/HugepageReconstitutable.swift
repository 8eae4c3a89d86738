import GmemModel

extension Invariant {
  /// **HugepageReconstitutable** (huge backing): no piece of a huge folio
  /// is lost. A folio is wholly in the pool (every subpage a hole, layout
  /// huge) or none of its pieces is a hole; and when every piece is freed,
  /// none is still referenced, so `merge` yields a whole folio.
  ///
  /// Why: mm wants the huge page back whole. A piece that leaves the merge
  /// set (freed to the buddy allocator on its own) or is still referenced
  /// when the rest is merged means the 2M/1G page can never be rebuilt:
  /// the pool shrinks for good, or the merged page is in use. The pieces
  /// are the folio's own: a migrated index's piece counts as freed (its
  /// data lives in a standalone page), per MODEL.md's `migration` row.
  ///
  /// Source: [H2] `nr_pages_waiting_to_be_merged`, deferred merge of freed
  /// pieces, `guestmem_hugetlb_merge_folio`; [LIST] 2024-10-16 "hugetlb
  /// folios in guest_memfd" (split/merge cycles, a global pool).
  public static let hugepageReconstitutable = Invariant(
    name: "HugepageReconstitutable", short: "Recn",
    summary: "no piece of a huge folio is lost: the folio comes back whole",
    source: "[H2] deferred merge, guestmem_hugetlb_merge_folio; [LIST] 2024-10"
  ) { model, state in
    guard model.config.backing == .huge else { return nil }
    for f in 0..<model.config.folios {
      let pieces = model.folioRange(f).map { state[subpage: $0] }
      let holes = pieces.filter { $0.pieceLife == .hole }.count
      if holes == pieces.count {
        if state.layout(ofFolio: f) == .split {
          return "f\(f) went back to the allocator as split 4K pieces, not as a huge page"
        }
      } else if holes > 0 {
        return "f\(f) lost \(holes) of \(pieces.count) pieces to the allocator while the rest"
          + " are still \(pieces.first { $0.pieceLife != .hole }!.pieceLife.name)"
      } else if pieces.allSatisfy({ $0.pieceLife == .freed }),
        let (i, page) = pieces.enumerated().first(where: {
          !$0.1.migrated && ($0.1.hasHostReference || $0.1.guestMapped || $0.1.iommuMapped)
        })
      {
        let p = model.folioRange(f).lowerBound + i
        return "f\(f) is all freed but p\(p) is still referenced: \(page.phrase)"
      }
    }
    return nil
  }
}
