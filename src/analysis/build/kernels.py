"""Kernels for executing notebooks: IPC sockets instead of TCP ports.

Two reports built at once (``make -j2``) each start a kernel; with TCP, jupyter_client picks free ports before
the kernel binds them, and two processes can pick the same port ("Kernel died before replying to kernel_info").
Unix sockets in a private directory cannot collide, and the kernel then has no unencrypted TCP port to warn about.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager


class IPCKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose kernel listens on Unix sockets in its own temporary directory."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._socket_dir = Path(tempfile.mkdtemp(prefix="analysis-kernel-"))
        self.transport = "ipc"
        self.ip = str(self._socket_dir / "kernel")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
