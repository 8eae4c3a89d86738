#if canImport(Glibc)
  import Glibc
#endif

/// Memory for big hash tables, on transparent huge pages where the system
/// offers them.
///
/// Table lookups land on random pages: with 4 KiB pages nearly every one
/// misses the TLB as well as the cache, and the page walk costs as much
/// as the miss. A 2 MiB page covers 512 times as much, so the TLB holds a
/// big table's pages. Linux gives huge pages to regions marked with
/// madvise(MADV_HUGEPAGE) when transparent_hugepage is "madvise" (the
/// usual default) or "always"; the region must be 2 MiB aligned, which
/// malloc does not promise. Small tables, and other systems, use the
/// ordinary allocator.
@usableFromInline
enum TableMemory {
  static var hugePage: Int { 2 << 20 }
  /// Below this a table gains little and would waste most of a huge page.
  static var threshold: Int { 4 << 20 }

  /// Uninitialized memory for `count` elements, or nil when the system
  /// has none to give (a big table's growth then stops the search; the
  /// allocator would crash): free it with `deallocate(_:count:)`.
  static func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T>? {
    #if canImport(Glibc)
      let bytes = count * MemoryLayout<T>.stride
      if bytes >= threshold {
        return mapAligned(bytes)?.bindMemory(to: T.self, capacity: count)
      }
    #endif
    return .allocate(capacity: count)
  }

  /// Frees what `allocate` returned (after deinitializing it).
  static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>, count: Int) {
    #if canImport(Glibc)
      let bytes = count * MemoryLayout<T>.stride
      if bytes >= threshold {
        munmap(UnsafeMutableRawPointer(pointer), pageRounded(bytes))
        return
      }
    #endif
    pointer.deallocate()
  }

  /// Advises huge pages for the 2 MiB aligned part of an array's buffer
  /// (glibc maps big ones on their own), so that random reads of a big
  /// array of states miss the TLB less. Advice only: nothing changes
  /// where it fails.
  @usableFromInline
  static func adviseHugePages(_ pointer: UnsafeRawPointer, bytes: Int) {
    #if canImport(Glibc)
      guard bytes >= threshold else { return }
      let start = (Int(bitPattern: pointer) + hugePage - 1) / hugePage * hugePage
      let end = (Int(bitPattern: pointer) + bytes) / hugePage * hugePage
      guard end > start else { return }
      _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
    #endif
  }

  #if canImport(Glibc)
    static func pageRounded(_ bytes: Int) -> Int {
      let page = Int(sysconf(Int32(_SC_PAGESIZE)))
      return (bytes + page - 1) / page * page
    }

    /// A 2 MiB aligned anonymous mapping of `bytes`, marked for huge
    /// pages: map a huge page more than asked, then unmap the unaligned
    /// head and the tail.
    static func mapAligned(_ bytes: Int) -> UnsafeMutableRawPointer? {
      let length = pageRounded(bytes)
      let raw = mmap(nil, length + hugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
      guard let raw, raw != MAP_FAILED else { return nil }
      let start = Int(bitPattern: raw)
      let aligned = (start + hugePage - 1) / hugePage * hugePage
      if aligned > start { munmap(raw, aligned - start) }
      let end = start + length + hugePage
      if end > aligned + length {
        munmap(UnsafeMutableRawPointer(bitPattern: aligned + length), end - (aligned + length))
      }
      let region = UnsafeMutableRawPointer(bitPattern: aligned)!
      // Advice only: where huge pages are off this fails and 4 KiB pages
      // serve.
      _ = madvise(region, length, MADV_HUGEPAGE)
      return region
    }
  #endif
}
