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
  @inlinable @inline(always)
  func convert(in s: GmemState) -> (Outcome, GmemState)? {
    guard let request = s.request else { return nil }
    var n = s
    let range = request.range
    if config.split == .never && config.subpages > 1 && !isWholeFolio(range) {
      n.request = nil
      return (.einval, n)
    }
    if request.to == .private {
      if s.everySubpage(in: range, { $0.attr == .private }) {
        n.request = nil
        return (.ok, n)
      }
      for p in range {
        if !has(.skipUnmapOnConvert) { n[subpage: p].mapped = 0 }
        if !has(.skipIommuInvalidate) { n[subpage: p].iommuMapped = false }
      }
      if !has(.skipRefcountCheck) && isPinned(range, in: n) { return (.eagain, n) }
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
      } else if !has(.skipSplitOnShare) && isAllocated(folio: f, in: n) {
        n.setLayout(.split, ofFolio: f)
      }
    }
    return (.ok, n)
  }

  /// Step 3's refcount check: a present page of the range is pinned; with
  /// `refcount: perFolio`, any piece of the folio (one refcount for all).
  @inlinable @inline(always)
  func isPinned(_ range: ClosedRange<Int>, in s: GmemState) -> Bool {
    if s.anySubpage(in: range, { $0.life == .present && $0.isPinned }) {
      return true
    }
    guard config.refcount == .perFolio else { return false }
    return s.anySubpage(in: folioRange(folio(of: range.lowerBound))) {
      $0.pieceLife == .present && $0.isPinned
    }
  }

  /// A split folio whose pieces are all in place, present, private and
  /// unpinned becomes huge again [H2 `kvm_gmem_try_merge_folio_in_filemap`].
  @inlinable @inline(always)
  func mergeInPlaceIfAllPrivate(_ f: Int, in n: inout GmemState) {
    guard n.layout(ofFolio: f) == .split else { return }
    let whole = n.everySubpage(in: folioRange(f)) { page in
      page.attr == .private && page.pieceLife == .present && !page.isPinned
    }
    if whole { n.setLayout(.huge, ofFolio: f) }
  }
}
