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
    source: "[H2] deferred merge, guestmem_hugetlb_merge_folio; [LIST] 2024-10",
    // Witnesses: a hole and a piece that is not one; or, every piece
    // freed (which every part keeps), one still referenced; or every piece
    // a hole in a split folio (every part keeps that).
    witnesses: .subpages(2), check: HugepageReconstitutableCheck()
  )
}

/// The check, generic so that it reads packed and wide states alike.
private struct HugepageReconstitutableCheck: InvariantCheck {
  @inline(__always)
  func violation<S: ModelState>(_ model: GuestMemfd, _ state: S) -> String? {
    guard model.config.backing == .huge else { return nil }
    for f in 0..<model.config.folios {
      // Counted first, without arrays: the check runs on every state.
      var holes = 0
      var freed = 0
      for p in model.folioRange(f) {
        switch state[subpage: p].pieceLife {
        case .hole: holes += 1
        case .freed: freed += 1
        default: break
        }
      }
      let count = model.config.subpages
      if holes == count {
        if state.layout(ofFolio: f) == .split {
          return "f\(f) went back to the allocator as split 4K pieces, not as a huge page"
        }
      } else if holes > 0 {
        let kept = model.folioRange(f).first { state[subpage: $0].pieceLife != .hole }!
        return "f\(f) lost \(holes) of \(count) pieces to the allocator while the rest"
          + " are still \(state[subpage: kept].pieceLife.name)"
      } else if freed == count,
        let p = model.folioRange(f).first(where: {
          let page = state[subpage: $0]
          return !page.migrated && (page.hasReference || page.guestMapped || page.iommuMapped)
        })
      {
        return "f\(f) is all freed but p\(p) is still referenced: \(state[subpage: p].phrase)"
      }
    }
    return nil
  }
}
