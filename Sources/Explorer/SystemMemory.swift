#if canImport(Glibc)
  import Glibc
#endif

/// How much memory a search may take by default on this machine.
public enum SystemMemory {
  /// What the process's own address space needs beyond the search's
  /// tables: libraries, thread stacks, malloc's per-thread arenas (64 MiB
  /// of address space each), the model. Measured: a check of the default
  /// model on two threads maps about 330 MiB before its tables grow.
  public static let headroom = 512 << 20

  /// 80% of physical memory, or `ceiling()` if that is less. At least
  /// 16 MiB.
  public static func defaultBudget() -> Int {
    max(min(physical() / 5 * 4, ceiling()), 16 << 20)
  }

  /// The most a search can take here, whatever it is told: physical
  /// memory, 80% of what the cgroup (memory.max) still allows, and what
  /// RLIMIT_AS or RLIMIT_DATA leaves of the address space after the
  /// process's own mappings and `headroom`, whichever is least.
  public static func ceiling() -> Int {
    var budget = physical()
    if let (limit, used) = cgroupMemory() { budget = min(budget, (limit - used) / 5 * 4) }
    if let limit = rlimit(RLIMIT_AS), let used = statusKilobytes("VmSize:") {
      budget = min(budget, limit - used - headroom)
    }
    if let limit = rlimit(RLIMIT_DATA), let used = statusKilobytes("VmData:") {
      budget = min(budget, limit - used - headroom)
    }
    return max(budget, 16 << 20)
  }

  static func physical() -> Int {
    Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
  }

  /// A soft resource limit, in bytes, if there is one.
  static func rlimit(_ resource: __rlimit_resource) -> Int? {
    var r = Glibc.rlimit()
    // RLIM_INFINITY is all ones, past Int.max.
    guard getrlimit(__rlimit_resource_t(resource.rawValue), &r) == 0, r.rlim_cur < UInt(Int.max) else { return nil }
    return Int(r.rlim_cur)
  }

  /// A `/proc/self/status` field in bytes (it gives kilobytes).
  static func statusKilobytes(_ field: String) -> Int? {
    guard let status = contents("/proc/self/status") else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix(field) {
      return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
    }
    return nil
  }

  /// The tightest cgroup v2 memory limit on this process's cgroup and
  /// its ancestors, with that cgroup's usage, if any limit is set.
  static func cgroupMemory() -> (limit: Int, used: Int)? {
    guard let line = contents("/proc/self/cgroup")?.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
    else { return nil }
    var path = String(line.dropFirst(3))
    var best: (limit: Int, used: Int)? = nil
    while true {
      let dir = "/sys/fs/cgroup" + (path == "/" ? "" : path)
      if let limit = contents(dir + "/memory.max").flatMap({ Int($0.filter(\.isNumber)) }),
        let used = contents(dir + "/memory.current").flatMap({ Int($0.filter(\.isNumber)) }),
        best.map({ limit - used < $0.limit - $0.used }) ?? true
      {
        best = (limit, used)
      }
      guard path != "/", let slash = path.lastIndex(of: "/") else { return best }
      path = slash == path.startIndex ? "/" : String(path[..<slash])
    }
  }

  /// A small text file's content, or nil.
  static func contents(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: 1 << 16)
    let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    return n > 0 ? String(decoding: bytes[..<n], as: UTF8.self) : nil
  }
}
