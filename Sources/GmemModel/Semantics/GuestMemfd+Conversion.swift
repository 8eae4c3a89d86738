/// Conversion: KVM_SET_MEMORY_ATTRIBUTES2 under invalidate_lock (MODEL.md
/// 2.1) [V8 `__kvm_gmem_set_attributes`, H2].
extension GuestMemfd {
  /// Services the pending request. To private: zap host PTEs (and, with
  /// `pfnCallback`, IOMMU mappings), then fail with EAGAIN (zaps staying,
  /// request still pending) if a present subpage is pinned (with
  /// `perFolio`, anywhere in the folio), else zap SPTEs, flip, and merge a
  /// split folio that is now all private. To shared: no refcount check
  /// [H2 04/51]. With `split: never`, a sub-range of a huge folio is
  /// refused with EINVAL and the request ends.
  func convert(in s: GmemState) -> (Outcome, GmemState)? {
    guard let request = s.request else { return nil }
    var n = s
    let range = request.range
    if config.split == .never && config.subpages > 1 && !isWholeFolio(range) {
      n.request = nil
      return (.einval, n)
    }
    if request.to == .private {
      if range.allSatisfy({ s[subpage: $0].attr == .private }) {
        n.request = nil
        return (.ok, n)
      }
      for p in range {
        if !config.has(.skipUnmapOnConvert) { n[subpage: p].mapped = 0 }
        if !config.has(.skipIommuInvalidate) { n[subpage: p].iommuMapped = false }
      }
      if !config.has(.skipRefcountCheck) && isPinned(range, in: n) { return (.eagain, n) }
    }
    for p in range {
      n[subpage: p].guestMapped = false
      n[subpage: p].attr = request.to
      if config.conversionContent == .scrub {
        n[subpage: p].written = false
        n[subpage: p].expectedWritten = false
      }
    }
    n.request = nil
    if config.backing == .huge {
      let f = folio(of: range.lowerBound)
      if request.to == .private {
        if config.split != .atCreation { mergeInPlaceIfAllPrivate(f, in: &n) }
      } else if !config.has(.skipSplitOnShare) && isAllocated(folio: f, in: n) {
        n.setLayout(.split, ofFolio: f)
      }
    }
    return (.ok, n)
  }

  /// Step 3's refcount check: a present page of the range is pinned; with
  /// `refcount: perFolio`, any piece of the folio (one refcount for all).
  private func isPinned(_ range: ClosedRange<Int>, in s: GmemState) -> Bool {
    if range.contains(where: { s[subpage: $0].life == .present && s[subpage: $0].isPinned }) {
      return true
    }
    guard config.refcount == .perFolio else { return false }
    return folioRange(folio(of: range.lowerBound)).contains {
      s[subpage: $0].pieceLife == .present && s[subpage: $0].isPinned
    }
  }

  /// A split folio whose pieces are all in place, present, private and
  /// unpinned becomes huge again [H2 `kvm_gmem_try_merge_folio_in_filemap`].
  private func mergeInPlaceIfAllPrivate(_ f: Int, in n: inout GmemState) {
    guard n.layout(ofFolio: f) == .split else { return }
    let whole = folioRange(f).allSatisfy {
      let page = n[subpage: $0]
      return page.attr == .private && page.pieceLife == .present && !page.isPinned
    }
    if whole { n.setLayout(.huge, ofFolio: f) }
  }
}
