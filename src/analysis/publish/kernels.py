"""Kernels for executing notebooks: on Unix sockets, in a private folder, started ahead of need.

Two reports built at once each need a kernel; with TCP, jupyter_client picks free ports before the kernel binds
them, and two processes can pick the same port ("Kernel died before replying to kernel_info"). Unix sockets in a
private directory cannot collide, and the kernel then has no unencrypted TCP port to warn about. The connection
file (it holds the kernel's HMAC key) lives in the same private directory, which is removed with the kernel; a
build that was killed leaves it under the folder that :func:`analysis.publish.outputs.remove_leftovers` empties.

:class:`KernelPool` keeps kernels started and warmed (the heavy imports of the notebooks already done) so that a
report never waits for a cold kernel. Every kernel serves exactly one report and is then shut down: reports share
no state, only the fact that their imports were loaded before their first cell ran.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

KERNEL_NAME = "python3"


class IPCKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose kernel listens on Unix sockets in its own temporary directory.

    ``socket_root`` is where the private directory is made (default: the system's temporary folder). Socket paths
    are limited to about 100 bytes, so the root should be a short path.
    """

    def __init__(self, socket_root: str | os.PathLike | None = None, **kwargs):
        super().__init__(**kwargs)
        self._socket_dir = Path(tempfile.mkdtemp(prefix="analysis-kernel-", dir=socket_root))
        self.transport = "ipc"
        self.ip = str(self._socket_dir / "k")
        self.connection_file = str(self._socket_dir / "connection.json")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._socket_dir, ignore_errors=True)


class KernelError(RuntimeError):
    """A kernel could not be started or warmed."""


async def _warm(km: AsyncKernelManager, code: str, timeout: float) -> None:
    """Run ``code`` (imports) in the kernel and wait until it has finished; raise if it failed."""
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=timeout)
        if code:
            reply = await kc.execute_interactive(code, store_history=False, timeout=timeout,
                                                 output_hook=lambda msg: None)
            if reply["content"].get("status") != "ok":
                content = reply["content"]
                raise KernelError(f"warming a kernel failed: {content.get('ename')}: {content.get('evalue')}")
    finally:
        kc.stop_channels()


class KernelPool:
    """Up to ``size`` kernels started and warmed ahead; :meth:`take` hands one out and starts its replacement."""

    def __init__(self, size: int, cwd: Path, warm_code: str = "", *, socket_root: str | None = None,
                 start_timeout: float = 60, env: dict[str, str] | None = None):
        self.size = max(1, size)
        self.cwd = cwd
        self.warm_code = warm_code
        self.socket_root = socket_root
        self.start_timeout = start_timeout
        self.env = env
        self._ready: asyncio.Queue[asyncio.Task[AsyncKernelManager]] = asyncio.Queue()
        self._all: set[asyncio.Task[AsyncKernelManager]] = set()
        self._wanted = 0

    async def _start(self) -> AsyncKernelManager:
        km = IPCKernelManager(socket_root=self.socket_root, kernel_name=KERNEL_NAME)
        try:
            await km.start_kernel(cwd=str(self.cwd), env=self.env if self.env is not None else dict(os.environ))
            await _warm(km, self.warm_code, self.start_timeout)
        except BaseException:
            await shutdown(km)
            raise
        return km

    def _spawn(self) -> None:
        task = asyncio.ensure_future(self._start())
        self._all.add(task)
        self._ready.put_nowait(task)

    def fill(self, wanted: int) -> None:
        """Start kernels until ``min(size, wanted)`` are on their way (``wanted``: reports still to run)."""
        self._wanted = wanted
        while self._ready.qsize() < min(self.size, self._wanted):
            self._spawn()

    async def take(self) -> AsyncKernelManager:
        """A started, warmed kernel for one report (the caller shuts it down after use)."""
        if self._ready.empty():
            self._spawn()
        task = self._ready.get_nowait()
        self._wanted = max(0, self._wanted - 1)
        self.fill(self._wanted)
        try:
            return await task
        finally:
            self._all.discard(task)

    async def close(self) -> None:
        """Shut down every kernel not handed out."""
        tasks, self._all = list(self._all), set()
        while not self._ready.empty():
            self._ready.get_nowait()
        for task in tasks:
            if not task.done():
                task.cancel()
        for task in tasks:
            try:
                km = await task
            except BaseException:
                continue
            await shutdown(km)


async def shutdown(km: AsyncKernelManager) -> None:
    """Stop a kernel at once and remove its sockets and connection file."""
    try:
        if km.has_kernel:
            await km.shutdown_kernel(now=True)
        else:
            await km._async_cleanup_resources()
    except Exception:
        pass
    finally:
        socket_dir = getattr(km, "_socket_dir", None)
        if socket_dir is not None:
            shutil.rmtree(socket_dir, ignore_errors=True)
