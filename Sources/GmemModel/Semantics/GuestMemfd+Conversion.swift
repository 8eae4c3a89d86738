/// Conversion: KVM_SET_MEMORY_ATTRIBUTES2 under invalidate_lock (MODEL.md
/// 2.1) [V8 `__kvm_gmem_set_attributes`, H2].
extension GuestMemfd {
  /// Services the pending request. To private: zap host PTEs, then fail
  /// with EAGAIN (PTEs staying zapped, request still pending) if a present
  /// subpage is pinned, else zap SPTEs, flip, and merge a split folio that
  /// is now all private. To shared: no refcount check [H2 04/51].
  func convert(in s: GmemState) -> (Outcome, GmemState)? {
    guard let request = s.request else { return nil }
    var n = s
    let range = request.range
    if request.to == .private {
      if range.allSatisfy({ s[subpage: $0].attr == .private }) {
        n.request = nil
        return (.ok, n)
      }
      if !config.has(.skipUnmapOnConvert) {
        for p in range { n[subpage: p].mapped = 0 }
      }
      if !config.has(.skipRefcountCheck)
        && range.contains(where: { n[subpage: $0].life == .present && n[subpage: $0].isPinned })
      {
        return (.eagain, n)
      }
    }
    for p in range {
      n[subpage: p].guestMapped = false
      n[subpage: p].attr = request.to
    }
    n.request = nil
    if config.backing == .huge {
      let f = folio(of: range.lowerBound)
      if request.to == .private {
        mergeInPlaceIfAllPrivate(f, in: &n)
      } else if !config.has(.skipSplitOnShare) && isAllocated(folio: f, in: n) {
        n.setLayout(.split, ofFolio: f)
      }
    }
    return (.ok, n)
  }

  /// A split folio whose pieces are all present, private and unpinned
  /// becomes huge again [H2 `kvm_gmem_try_merge_folio_in_filemap`].
  private func mergeInPlaceIfAllPrivate(_ f: Int, in n: inout GmemState) {
    guard n.layout(ofFolio: f) == .split else { return }
    let whole = folioRange(f).allSatisfy {
      let page = n[subpage: $0]
      return page.attr == .private && page.life == .present && !page.isPinned
    }
    if whole { n.setLayout(.huge, ofFolio: f) }
  }
}
