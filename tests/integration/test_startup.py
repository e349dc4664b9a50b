"""Start-up: bad directive values and a missing mod_dbd stop Apache with
a clear message naming the directive."""
import os
import subprocess

import pytest

import dndn_server as ds
from conftest import BUILD


def apache_with(workdir, extra="", raw=None):
    db = ds.Database.sqlite(os.path.join(workdir, "dndn.db"))
    db.prepare(BUILD, demo=False)
    return ds.Apache(BUILD, db, root=os.path.join(workdir, "httpd"), extra=extra,
                     raw_config=raw, preload=ds.sanitizer_preload())


def start_fails(httpd):
    """Really start it: it must exit non-zero, without serving."""
    httpd.write_config()
    res = subprocess.run([ds.APACHE, "-f", httpd.conf, "-DFOREGROUND"],
                         capture_output=True, text=True, env=httpd.env(),
                         timeout=60)
    return res.returncode, res.stdout + res.stderr + httpd.read_log()


@pytest.mark.parametrize("lines, message", [
    ("DndnSurface everything", "DndnSurface: 'everything' is not a surface"),
    ("DndnSurface public\n    DndnCORSOrigins https://h5.zdn.vn/app",
     "DndnCORSOrigins: 'https://h5.zdn.vn/app' is not an origin"),
    ("DndnSurface public\n    DndnMaxBodySize 10",
     "DndnMaxBodySize: '10' is not a size"),
    ("DndnSurface public\n    DndnMaxBodySize lots",
     "DndnMaxBodySize: 'lots' is not a size"),
])
def test_bad_directive_value_stops_startup(workdir, lines, message):
    httpd = apache_with(workdir, extra="<Location /other>\n    %s\n</Location>"
                        % lines)
    code, out = start_fails(httpd)
    assert code != 0
    assert message in out
    assert not os.path.exists(os.path.join(httpd.root, "httpd.pid"))


def test_surface_outside_location_stops_startup(workdir):
    httpd = apache_with(workdir, extra="<Directory /tmp>\n DndnSurface public\n</Directory>")
    code, out = start_fails(httpd)
    assert code != 0
    assert "DndnSurface: must be used inside a <Location> block" in out


def test_missing_mod_dbd_stops_startup(workdir):
    raw = """ServerRoot "@ROOT@"
Listen 127.0.0.1:@PORT@
ServerName 127.0.0.1
PidFile "@ROOT@/httpd.pid"
DefaultRuntimeDir "@ROOT@"
ErrorLog "@ROOT@/error.log"
Mutex file:@ROOT@ default
@USER@
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule dndn_module "@MODULE@"
<Location /api/v1>
    DndnSurface public
</Location>
"""
    httpd = apache_with(workdir, raw=raw)
    code, out = start_fails(httpd)
    assert code != 0
    assert "DndnSurface: mod_dbd is not loaded" in out
    assert "LoadModule dbd_module" in out


def test_good_configuration_passes_configtest(workdir):
    httpd = apache_with(workdir, extra="<Location /x>\n DndnSurface public\n"
                        " DndnMaxBodySize 1048576\n</Location>")
    code, out = httpd.configtest()
    assert code == 0, out
    assert "Syntax OK" in out
