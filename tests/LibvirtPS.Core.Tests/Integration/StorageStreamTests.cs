// Storage pools, volumes and volume streams against a private libvirtd with libvirt's real storage driver
// (facts §12.1: libvirt_driver_storage.so linked into the driver dir, storage+unix:///system), with virsh as the
// oracle: what we create virsh lists, what virsh creates we list, what we upload virsh downloads byte for byte
// and the other way round, sparse files keep their holes both ways.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;
using LibvirtPS.Core.Drivers.Remote;
using LibvirtPS.Core.Errors;
using LibvirtPS.Core.Tests.Fixtures;
using Xunit;
using static LibvirtPS.Core.Tests.Integration.IntegrationSupport;

namespace LibvirtPS.Core.Tests.Integration
{
    /// <summary>A private daemon with the storage driver, and one dir pool under a temp folder for the tests.</summary>
    public sealed class StorageDaemonFixture : IDisposable
    {
        public StorageDaemonFixture()
        {
            Daemon = new LibvirtdFixture(storageDriver: true);
            if (Daemon.UnavailableReason != null) return;
            PoolDir = Path.Combine(Daemon.Dir, "pool");
            Directory.CreateDirectory(PoolDir);
            PoolName = "xunit-st-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var r = Daemon.RunVirshOn(Daemon.StorageUri, "pool-create-as", PoolName, "dir", "--target", PoolDir);
            if (r.ExitCode != 0) SetupError = "virsh pool-create-as failed: " + r;
        }

        public LibvirtdFixture Daemon { get; }
        public string PoolDir { get; } = "";
        public string PoolName { get; } = "";
        public string? SetupError { get; }
        public string Uri => Daemon.StorageUri;

        public void Dispose()
        {
            if (Daemon.UnavailableReason == null && SetupError == null)
            {
                try { Daemon.RunVirshOn(Daemon.StorageUri, "pool-destroy", PoolName); } catch (Exception) { }
            }
            Daemon.Dispose();
        }
    }

    public sealed class StorageStreamTests : IClassFixture<StorageDaemonFixture>
    {
        private const int MiB = 1024 * 1024;
        private readonly StorageDaemonFixture _fx;

        public StorageStreamTests(StorageDaemonFixture fixture)
        {
            _fx = fixture;
        }

        private void SkipIfUnavailable()
        {
            IntegrationSupport.SkipIfUnavailable(_fx.Daemon);
            Assert.True(_fx.SetupError == null, _fx.SetupError);
            _fx.Daemon.EnsureRunning();
        }

        private ProcessResult Virsh(params string[] args) => _fx.Daemon.RunVirshOn(_fx.Uri, args);

        private string TempFile(string name) => Path.Combine(_fx.Daemon.Dir, "files-" + name + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));

        private static string Sha256(string path)
        {
            using var f = File.OpenRead(path);
            using var sha = SHA256.Create();
            return Convert.ToHexString(sha.ComputeHash(f));
        }

        /// <summary>512-byte blocks the file occupies on disk (stat %b): what sparseness is measured by.</summary>
        private static long AllocatedBlocks(string path)
        {
            var psi = new ProcessStartInfo("stat", "-c %b " + path) { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            string o = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return long.Parse(o.Trim());
        }

        private static void WriteRandom(string path, int bytes, int seed)
        {
            var data = new byte[bytes];
            new Random(seed).NextBytes(data);
            File.WriteAllBytes(path, data);
        }

        // 16 MiB with data only at 1 MiB, 7 MiB and the last 64 KiB; the rest are holes
        private static void WriteSparse(string path, int seed)
        {
            var rnd = new Random(seed);
            using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
            f.SetLength(16L * MiB);
            foreach (var (at, len) in new[] { (1L * MiB, 256 * 1024), (7L * MiB, MiB), (16L * MiB - 65536, 65536) })
            {
                var chunk = new byte[len];
                rnd.NextBytes(chunk);
                f.Seek(at, SeekOrigin.Begin);
                f.Write(chunk, 0, len);
            }
        }

        private async Task<StorageVolumeInfo> NewVolumeAsync(IHypervisor hv, string name, long capacity, CancellationToken ct) =>
            await hv.CreateStorageVolumeAsync(_fx.PoolName,
                "<volume><name>" + name + "</name><capacity unit='bytes'>" + capacity + "</capacity><allocation>0</allocation><target><format type='raw'/></target></volume>",
                0, ct);

        private static async Task UploadFileAsync(IHypervisor hv, string pool, string vol, string file, bool sparse, CancellationToken ct)
        {
            using var src = File.OpenRead(file);
            var stream = await hv.UploadStorageVolumeAsync(pool, vol, 0, (ulong)src.Length, sparse ? 1u : 0u, ct);
            await StorageTransfer.UploadAsync(stream, src, sparse, null, TimeSpan.FromSeconds(60), ct);
        }

        private static async Task<long> DownloadFileAsync(IHypervisor hv, string pool, string vol, string file, bool sparse, CancellationToken ct)
        {
            using var dst = new FileStream(file, FileMode.Create, FileAccess.Write);
            var stream = await hv.DownloadStorageVolumeAsync(pool, vol, 0, 0, sparse ? 1u : 0u, ct);
            return await StorageTransfer.DownloadAsync(stream, dst, sparse, null, TimeSpan.FromSeconds(60), ct);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task PoolsAndVolumes_SeenByVirsh_AndVirshVolumesSeenByUs()
        {
            SkipIfUnavailable();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            using var conn = await OpenAsync(_fx.Uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;

            var pools = await hv.ListStoragePoolsAsync(0, cts.Token);
            var mine = Assert.Single(pools, p => p.Name == _fx.PoolName);
            Assert.Equal(StoragePoolState.Running, mine.State);
            Assert.False(mine.Persistent);
            var info = ParseColonTable(Virsh("pool-info", "--bytes", _fx.PoolName).Stdout);
            Assert.Equal(info["UUID"], mine.Uuid.ToString("D"));
            Assert.Equal(ulong.Parse(info["Capacity"].Split(' ')[0]), mine.Capacity);

            var vol = await NewVolumeAsync(hv, "ours.img", 3 * MiB, cts.Token);
            Assert.Equal(Path.Combine(_fx.PoolDir, "ours.img"), vol.Path);
            Assert.Equal(3UL * MiB, vol.Capacity);
            var vi = ParseColonTable(Virsh("vol-info", "--bytes", "ours.img", "--pool", _fx.PoolName).Stdout);
            Assert.Equal(vol.Capacity, ulong.Parse(vi["Capacity"].Split(' ')[0]));

            AssertVirshOk(Virsh("vol-create-as", _fx.PoolName, "theirs.img", "2M"), "vol-create-as");
            var vols = await hv.ListStorageVolumesAsync(_fx.PoolName, cts.Token);
            var theirs = Assert.Single(vols, v => v.Name == "theirs.img");
            Assert.Equal(2UL * MiB, theirs.Capacity);
            Assert.Equal(theirs.Path, Virsh("vol-path", "theirs.img", "--pool", _fx.PoolName).Stdout.Trim());

            // clone (CREATE_XML_FROM), resize and wipe on a real driver, each checked with virsh
            var clone = await hv.CloneStorageVolumeAsync(_fx.PoolName, "<volume><name>clone.img</name><capacity>0</capacity></volume>",
                _fx.PoolName, "theirs.img", 0, cts.Token);
            Assert.Contains("clone.img", Virsh("vol-list", _fx.PoolName).Stdout);
            await hv.ResizeStorageVolumeAsync(_fx.PoolName, "clone.img", 5UL * MiB, 0, cts.Token);
            var ci = ParseColonTable(Virsh("vol-info", "--bytes", "clone.img", "--pool", _fx.PoolName).Stdout);
            Assert.Equal(5UL * MiB, ulong.Parse(ci["Capacity"].Split(' ')[0]));
            await hv.WipeStorageVolumeAsync(_fx.PoolName, "clone.img", cts.Token);

            foreach (var n in new[] { "ours.img", "theirs.img", "clone.img" }) await hv.DeleteStorageVolumeAsync(_fx.PoolName, n, 0, cts.Token);
            Assert.DoesNotContain("ours.img", Virsh("vol-list", _fx.PoolName).Stdout);

            var e = await Assert.ThrowsAsync<LibvirtException>(() => hv.LookupStorageVolumeAsync(_fx.PoolName, "ours.img", cts.Token));
            Assert.Equal(LibvirtErrorCode.NoStorageVol, e.Code);
            var pe = await Assert.ThrowsAsync<LibvirtException>(() => hv.LookupStoragePoolAsync("no-such-pool", cts.Token));
            Assert.Equal(LibvirtErrorCode.NoStoragePool, pe.Code);
            Assert.Equal("Storage pool not found: no storage pool with matching name 'no-such-pool'", pe.Message);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task Upload_8MiB_VirshDownloadsSameBytes_AndVirshUploadWeDownload()
        {
            SkipIfUnavailable();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            using var conn = await OpenAsync(_fx.Uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;
            var rpc = ((LibvirtPS.Core.Drivers.Remote.RemoteHypervisor)hv).Rpc;

            // 8 MiB + 1000 bytes: not a multiple of the packet size
            string src = TempFile("src");
            WriteRandom(src, 8 * MiB + 1000, 1);
            await NewVolumeAsync(hv, "up.img", 8 * MiB + 1000, cts.Token);
            await UploadFileAsync(hv, _fx.PoolName, "up.img", src, false, cts.Token).Within(TimeSpan.FromSeconds(60), "upload");
            Assert.Equal(0, rpc.OpenStreamCount);

            string viaVirsh = TempFile("virsh-down");
            AssertVirshOk(Virsh("vol-download", "up.img", viaVirsh, "--pool", _fx.PoolName), "vol-download");
            Assert.Equal(Sha256(src), Sha256(viaVirsh));

            string src2 = TempFile("src2");
            WriteRandom(src2, 5 * MiB + 7, 2);
            await NewVolumeAsync(hv, "virsh-up.img", 5 * MiB + 7, cts.Token);
            AssertVirshOk(Virsh("vol-upload", "virsh-up.img", src2, "--pool", _fx.PoolName), "vol-upload");
            string ours = TempFile("our-down");
            long n = await DownloadFileAsync(hv, _fx.PoolName, "virsh-up.img", ours, false, cts.Token).Within(TimeSpan.FromSeconds(60), "download");
            Assert.Equal(5 * MiB + 7, n);
            Assert.Equal(Sha256(src2), Sha256(ours));
            Assert.Equal(0, rpc.OpenStreamCount);

            // the connection is still good for ordinary calls after two streams
            Assert.NotEmpty(await hv.ListStorageVolumesAsync(_fx.PoolName, cts.Token));
            await hv.DeleteStorageVolumeAsync(_fx.PoolName, "up.img", 0, cts.Token);
            await hv.DeleteStorageVolumeAsync(_fx.PoolName, "virsh-up.img", 0, cts.Token);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task SparseRoundTrip_KeepsHoles_BothWays_AndAgreesWithVirsh()
        {
            SkipIfUnavailable();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            using var conn = await OpenAsync(_fx.Uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;

            string src = TempFile("sparse");
            WriteSparse(src, 3);
            long srcBlocks = AllocatedBlocks(src);
            Assert.True(srcBlocks * 512 < 4L * MiB, "the source file should be sparse (" + srcBlocks + " blocks)");

            await NewVolumeAsync(hv, "sparse.img", 16 * MiB, cts.Token);
            await UploadFileAsync(hv, _fx.PoolName, "sparse.img", src, true, cts.Token).Within(TimeSpan.FromSeconds(60), "sparse upload");
            string volFile = Path.Combine(_fx.PoolDir, "sparse.img");
            Assert.Equal(Sha256(src), Sha256(volFile));
            long volBlocks = AllocatedBlocks(volFile);
            Assert.True(volBlocks * 512 < 4L * MiB, "holes were written as data on the daemon's side: " + volBlocks + " blocks");

            string down = TempFile("sparse-down");
            long n = await DownloadFileAsync(hv, _fx.PoolName, "sparse.img", down, true, cts.Token).Within(TimeSpan.FromSeconds(60), "sparse download");
            Assert.Equal(16L * MiB, n);
            Assert.Equal(16L * MiB, new FileInfo(down).Length);
            Assert.Equal(Sha256(src), Sha256(down));
            long downBlocks = AllocatedBlocks(down);
            Assert.True(downBlocks * 512 < 4L * MiB, "the download lost its holes: " + downBlocks + " blocks");

            // virsh --sparse reads what we uploaded and produces the same file
            string viaVirsh = TempFile("virsh-sparse");
            AssertVirshOk(Virsh("vol-download", "sparse.img", viaVirsh, "--pool", _fx.PoolName, "--sparse"), "vol-download --sparse");
            Assert.Equal(Sha256(src), Sha256(viaVirsh));

            // a non-sparse download of the same volume writes the zeros
            string dense = TempFile("dense");
            await DownloadFileAsync(hv, _fx.PoolName, "sparse.img", dense, false, cts.Token);
            Assert.Equal(Sha256(src), Sha256(dense));
            Assert.True(AllocatedBlocks(dense) * 512 >= 16L * MiB, "a non-sparse download writes every byte");

            // virsh --sparse upload, our sparse download
            await NewVolumeAsync(hv, "sparse2.img", 16 * MiB, cts.Token);
            AssertVirshOk(Virsh("vol-upload", "sparse2.img", src, "--pool", _fx.PoolName, "--sparse"), "vol-upload --sparse");
            string down2 = TempFile("sparse-down2");
            await DownloadFileAsync(hv, _fx.PoolName, "sparse2.img", down2, true, cts.Token);
            Assert.Equal(Sha256(src), Sha256(down2));
            Assert.True(AllocatedBlocks(down2) * 512 < 4L * MiB);

            // a source that is not a file (no SEEK_DATA): zero runs become holes
            await NewVolumeAsync(hv, "sparse3.img", 16 * MiB, cts.Token);
            using (var mem = new MemoryStream(File.ReadAllBytes(src)))
            {
                var up = await hv.UploadStorageVolumeAsync(_fx.PoolName, "sparse3.img", 0, (ulong)mem.Length, 1, cts.Token);
                var progress = new TransferProgress();
                await StorageTransfer.UploadAsync(up, mem, true, progress, TimeSpan.FromSeconds(60), cts.Token);
                Assert.True(progress.HoleBytes > 12L * MiB, "holes sent: " + progress.HoleBytes);
            }
            string vol3 = Path.Combine(_fx.PoolDir, "sparse3.img");
            Assert.Equal(Sha256(src), Sha256(vol3));
            Assert.True(AllocatedBlocks(vol3) * 512 < 4L * MiB);

            await hv.DeleteStorageVolumeAsync(_fx.PoolName, "sparse.img", 0, cts.Token);
            await hv.DeleteStorageVolumeAsync(_fx.PoolName, "sparse2.img", 0, cts.Token);
            await hv.DeleteStorageVolumeAsync(_fx.PoolName, "sparse3.img", 0, cts.Token);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task CancelledDownload_AbortsStream_ConnectionStaysUsable()
        {
            SkipIfUnavailable();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            using var conn = await OpenAsync(_fx.Uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;
            var rpc = ((LibvirtPS.Core.Drivers.Remote.RemoteHypervisor)hv).Rpc;

            string src = TempFile("big");
            WriteRandom(src, 32 * MiB, 4);
            await NewVolumeAsync(hv, "big.img", 32 * MiB, cts.Token);
            await UploadFileAsync(hv, _fx.PoolName, "big.img", src, false, cts.Token);

            // a consumer that never reads: the bounded queue fills and the reader waits; then we cancel
            var stream = await hv.DownloadStorageVolumeAsync(_fx.PoolName, "big.img", 0, 0, 0, cts.Token);
            var first = stream.Receive(TimeSpan.FromSeconds(10), cts.Token);
            Assert.Equal(LibvirtPS.Core.Rpc.RpcStreamChunkKind.Data, first.Kind);
            await Task.Delay(300);
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => stream.Receive(TimeSpan.FromSeconds(10), cancel.Token));
            await stream.AbortAsync(TimeSpan.FromSeconds(10)).Within(TimeSpan.FromSeconds(15), "abort");
            Assert.Equal(0, rpc.OpenStreamCount);
            Assert.True(conn.IsAlive);
            Assert.Contains(await hv.ListStorageVolumesAsync(_fx.PoolName, cts.Token), v => v.Name == "big.img");

            // cancellation in the middle of an upload aborts too, and the connection lives on
            using var midway = new CancellationTokenSource();
            var up = hv.UploadStorageVolumeAsync(_fx.PoolName, "big.img", 0, 32 * MiB, 0, cts.Token);
            var upStream = await up;
            var progress = new TransferProgress();
            using var slow = new ThrottledStream(File.OpenRead(src), () => { if (progress.Bytes > 4 * MiB) midway.Cancel(); });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                StorageTransfer.UploadAsync(upStream, slow, false, progress, TimeSpan.FromSeconds(30), midway.Token));
            Assert.Equal(0, rpc.OpenStreamCount);
            Assert.NotEmpty(await hv.ListStoragePoolsAsync(0, cts.Token));
            await hv.DeleteStorageVolumeAsync(_fx.PoolName, "big.img", 0, cts.Token);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task StalledConsumer_KeepsTheConnectionAlive_AndOtherCallsGetTheirReplies()
        {
            SkipIfUnavailable();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            // our keepalive at 1 s × 1: two silent seconds would kill the connection
            using var conn = await OpenAsync(_fx.Uri, cts.Token, options: new RemoteOpenOptions { KeepAliveInterval = 1, KeepAliveCount = 1 })
                .Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;
            string src = TempFile("stall");
            WriteRandom(src, 32 * MiB, 7);
            await NewVolumeAsync(hv, "stall.img", 32 * MiB, cts.Token);
            await UploadFileAsync(hv, _fx.PoolName, "stall.img", src, false, cts.Token);

            var stream = await hv.DownloadStorageVolumeAsync(_fx.PoolName, "stall.img", 0, 0, 0, cts.Token);
            using var sha = SHA256.Create();
            var first = stream.Receive(TimeSpan.FromSeconds(10), cts.Token);
            Assert.Equal(LibvirtPS.Core.Rpc.RpcStreamChunkKind.Data, first.Kind);
            sha.TransformBlock(first.Buffer!, first.Offset, first.Count, null, 0);
            long total = first.Count;

            // the consumer stalls for 4 s: the queue fills and the reader waits; a call made meanwhile still gets its
            // reply (the reader reads on past the stream's packets), and the connection survives the silence
            await Task.Delay(1000);
            var pools = await hv.ListStoragePoolsAsync(0, cts.Token).Within(TimeSpan.FromSeconds(3), "a call while the stream's consumer stalls");
            Assert.Contains(pools, p => p.Name == _fx.PoolName);
            await Task.Delay(3000);
            Assert.True(conn.IsAlive, "the connection died while the consumer stalled: " + ((LibvirtPS.Core.Drivers.Remote.RemoteHypervisor)hv).Rpc.CloseReason);

            while (true)
            {
                var c = stream.Receive(TimeSpan.FromSeconds(10), cts.Token);
                if (c.Kind == LibvirtPS.Core.Rpc.RpcStreamChunkKind.End) break;
                Assert.Equal(LibvirtPS.Core.Rpc.RpcStreamChunkKind.Data, c.Kind);
                sha.TransformBlock(c.Buffer!, c.Offset, c.Count, null, 0);
                total += c.Count;
            }
            await stream.FinishAsync(TimeSpan.FromSeconds(10), cts.Token);
            sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            Assert.Equal(32L * MiB, total);
            Assert.Equal(Sha256(src), Convert.ToHexString(sha.Hash!));
            Assert.True(conn.IsAlive);
            await hv.DeleteStorageVolumeAsync(_fx.PoolName, "stall.img", 0, cts.Token);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task DaemonErrorInTheMiddleOfAnUpload_IsLibvirtsError_AndTheConnectionLivesOn()
        {
            SkipIfUnavailable();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            using var conn = await OpenAsync(_fx.Uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            var hv = conn.Hypervisor;
            string src = TempFile("over");
            WriteRandom(src, 2 * MiB, 6);
            await NewVolumeAsync(hv, "small.img", 4 * MiB, cts.Token);
            // 1 MiB announced, 2 MiB sent: the daemon's stream refuses the excess with a STREAM ERROR packet
            var stream = await hv.UploadStorageVolumeAsync(_fx.PoolName, "small.img", 0, MiB, 0, cts.Token);
            using (var f = File.OpenRead(src))
            {
                var e = await Assert.ThrowsAsync<LibvirtException>(() =>
                    StorageTransfer.UploadAsync(stream, f, false, null, TimeSpan.FromSeconds(30), cts.Token)).Within(TimeSpan.FromSeconds(60), "upload");
                Assert.True(e.FromServer, e.ToString());
                var virsh = Virsh("vol-upload", "small.img", src, "--pool", _fx.PoolName, "--length", MiB.ToString());
                Assert.NotEqual(0, virsh.ExitCode);
                Assert.Contains(e.Message, virsh.Stderr);
            }
            Assert.Equal(0, ((LibvirtPS.Core.Drivers.Remote.RemoteHypervisor)hv).Rpc.OpenStreamCount);
            Assert.True(conn.IsAlive);
            await hv.DeleteStorageVolumeAsync(_fx.PoolName, "small.img", 0, cts.Token);
        }

        [SkippableFact(Timeout = 120000)]
        public async Task DyingDaemon_FailsAnOpenDownloadAtOnce()
        {
            SkipIfUnavailable();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            var conn = await OpenAsync(_fx.Uri, cts.Token).Within(TimeSpan.FromSeconds(30), "open");
            try
            {
                var hv = conn.Hypervisor;
                string src = TempFile("die");
                WriteRandom(src, 16 * MiB, 5);
                await NewVolumeAsync(hv, "die.img", 16 * MiB, cts.Token);
                await UploadFileAsync(hv, _fx.PoolName, "die.img", src, false, cts.Token);
                var stream = await hv.DownloadStorageVolumeAsync(_fx.PoolName, "die.img", 0, 0, 0, cts.Token);
                stream.Receive(TimeSpan.FromSeconds(10), cts.Token);
                _fx.Daemon.Kill();
                var sw = Stopwatch.StartNew();
                var e = Assert.Throws<LibvirtException>(() =>
                {
                    // drain what was queued before the kill; then the dead connection's error
                    while (true)
                    {
                        var c = stream.Receive(TimeSpan.FromSeconds(30), cts.Token);
                        if (c.Kind == LibvirtPS.Core.Rpc.RpcStreamChunkKind.End) break;
                    }
                });
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), "the stream failed after " + sw.Elapsed);
                Assert.Equal(LibvirtErrorCode.SystemError, e.Code);
            }
            finally
            {
                conn.Dispose();
                _fx.Daemon.EnsureRunning();
                var r = Virsh("pool-create-as", _fx.PoolName, "dir", "--target", _fx.PoolDir);
                if (r.ExitCode != 0 && !r.Stderr.Contains("already")) throw new Exception(r.ToString());
                Virsh("vol-delete", "die.img", "--pool", _fx.PoolName);
            }
        }

        /// <summary>A read stream that calls back before each read (to cancel a transfer midway).</summary>
        private sealed class ThrottledStream : Stream
        {
            private readonly Stream _inner;
            private readonly Action _beforeRead;
            public ThrottledStream(Stream inner, Action beforeRead) { _inner = inner; _beforeRead = beforeRead; }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => _inner.Length;
            public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) { _beforeRead(); return _inner.Read(buffer, offset, Math.Min(count, 65536)); }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            protected override void Dispose(bool disposing) { if (disposing) _inner.Dispose(); base.Dispose(disposing); }
        }
    }
}
