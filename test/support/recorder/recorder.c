/*
 * fixforge test recorder: a stand-in for a Windows console program (certutil.exe) under wine.
 *
 * Appends one record per run to the file named by FIXFORGE_RECORDER_LOG (UTF-8, LF):
 *
 *   --- fixforge-recorder
 *   exe=<full path of this program, GetModuleFileNameW>
 *   cwd=<current directory>
 *   cmdline=<GetCommandLineW(), verbatim>
 *   argc=<number of arguments after argv[0]>
 *   arg=<argument 1, as CommandLineToArgvW splits it>
 *   arg=<argument 2> ...
 *   exit=<exit code>
 *   --- end
 *
 * and exits with the integer in FIXFORGE_RECORDER_EXIT_<NAME> if set, else FIXFORGE_RECORDER_EXIT,
 * else 0. <NAME> is the program's own file name without extension, upper-cased, every character
 * other than A-Z and 0-9 turned into "_" (certutil.exe: FIXFORGE_RECORDER_EXIT_CERTUTIL), so
 * several copies in one prefix can fail differently. Without FIXFORGE_RECORDER_LOG nothing is
 * written. 120 means the log could not be written; 121 out of memory.
 *
 * Canned replies (a stand-in for sc.exe that answers "sc query"): when FIXFORGE_RECORDER_REPLY_<NAME>
 * names a folder, each run takes its first argument, lower-cased, every character other than a-z
 * and 0-9 turned into "_" (the verb: "query", "_f" for "/F"; "none" without arguments), counts the
 * run in <folder>\<verb>.count (1 for the first), prints <folder>\<verb>.<count>.out, else
 * <folder>\<verb>.out, to stdout, and exits with the number in <folder>\<verb>.<count>.exit, else
 * <folder>\<verb>.exit, else as above. So a test scripts a service that stops on the second query. Arguments come from CommandLineToArgvW, never from
 * the C runtime's argv, so "*" is never globbed.
 *
 * Build: x86_64-w64-mingw32-gcc -O2 -s -o recorder.exe recorder.c -lshell32
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <shellapi.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <stdio.h>

static char *buf;
static size_t len, cap;

static void put_bytes(const char *s, size_t n) {
  if (len + n + 1 > cap) {
    size_t want = (cap ? cap * 2 : 1024);
    while (want < len + n + 1) want *= 2;
    char *p = (char *)realloc(buf, want);
    if (!p) ExitProcess(121);
    buf = p;
    cap = want;
  }
  memcpy(buf + len, s, n);
  len += n;
  buf[len] = 0;
}

static void put_ascii(const char *s) { put_bytes(s, strlen(s)); }

static void put_wide(const wchar_t *w) {
  int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
  if (n <= 1) return;
  char *tmp = (char *)malloc((size_t)n);
  if (!tmp) ExitProcess(121);
  WideCharToMultiByte(CP_UTF8, 0, w, -1, tmp, n, NULL, NULL);
  put_bytes(tmp, (size_t)n - 1);
  free(tmp);
}

static void put_int(long v) {
  char tmp[32];
  int i = 0, neg = v < 0;
  unsigned long u = neg ? (unsigned long)(-(v + 1)) + 1UL : (unsigned long)v;
  do { tmp[i++] = (char)('0' + (u % 10)); u /= 10; } while (u);
  if (neg) tmp[i++] = '-';
  while (i) put_bytes(&tmp[--i], 1);
}

/* Returns a malloc'd copy of environment variable name, or NULL when it is not set. */
static wchar_t *get_env(const wchar_t *name) {
  DWORD n = GetEnvironmentVariableW(name, NULL, 0);
  if (n == 0) return NULL;
  wchar_t *v = (wchar_t *)malloc(n * sizeof(wchar_t));
  if (!v) ExitProcess(121);
  if (GetEnvironmentVariableW(name, v, n) >= n) { free(v); return NULL; }
  return v;
}

/* Reads a whole file; NULL when it cannot be opened. *size gets its length. */
static char *read_file(const wchar_t *path, DWORD *size) {
  HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
  if (h == INVALID_HANDLE_VALUE) return NULL;
  DWORD n = GetFileSize(h, NULL);
  char *data = (char *)malloc(n + 1);
  if (!data) ExitProcess(121);
  DWORD got = 0;
  if (n && !ReadFile(h, data, n, &got, NULL)) got = 0;
  CloseHandle(h);
  data[got] = 0;
  *size = got;
  return data;
}

static void write_text(const wchar_t *path, const char *text) {
  HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  if (h == INVALID_HANDLE_VALUE) return;
  DWORD written = 0;
  WriteFile(h, text, (DWORD)strlen(text), &written, NULL);
  CloseHandle(h);
}

/* <dir>\<verb><suffix> into out (MAX 1024 wide chars). */
static void reply_path(wchar_t *out, const wchar_t *dir, const wchar_t *verb, const wchar_t *suffix) {
  _snwprintf(out, 1023, L"%ls\\%ls%ls", dir, verb, suffix);
  out[1023] = 0;
}

/* The canned reply of this run, if a reply folder is set: prints it, and may change *code. */
static void canned_reply(const wchar_t *perExeReply, int *code) {
  wchar_t *dir = get_env(perExeReply);
  if (!dir || !dir[0]) return;
  int argc = 0;
  wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  wchar_t verb[64] = L"none";
  if (argv && argc > 1) {
    size_t i = 0;
    for (const wchar_t *p = argv[1]; *p && i < 63; p++, i++) {
      wchar_t c = *p;
      if (c >= L'A' && c <= L'Z') c = (wchar_t)(c - L'A' + L'a');
      verb[i] = ((c >= L'a' && c <= L'z') || (c >= L'0' && c <= L'9')) ? c : L'_';
    }
    verb[i] = 0;
  }
  static wchar_t path[1024];
  DWORD size = 0;
  reply_path(path, dir, verb, L".count");
  char *countText = read_file(path, &size);
  long count = countText ? strtol(countText, NULL, 10) + 1 : 1;
  char countBuf[32];
  snprintf(countBuf, sizeof countBuf, "%ld", count);
  countBuf[31] = 0;
  write_text(path, countBuf);
  wchar_t suffix[48];
  _snwprintf(suffix, 47, L".%ld.out", count);
  suffix[47] = 0;
  reply_path(path, dir, verb, suffix);
  char *out = read_file(path, &size);
  if (!out) {
    reply_path(path, dir, verb, L".out");
    out = read_file(path, &size);
  }
  if (out && size) {
    DWORD written = 0;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), out, size, &written, NULL);
  }
  _snwprintf(suffix, 47, L".%ld.exit", count);
  suffix[47] = 0;
  reply_path(path, dir, verb, suffix);
  char *exitText = read_file(path, &size);
  if (!exitText) {
    reply_path(path, dir, verb, L".exit");
    exitText = read_file(path, &size);
  }
  if (exitText) *code = (int)strtol(exitText, NULL, 10);
}

int main(void) {
  static wchar_t exe[32768];
  DWORD exeLen = GetModuleFileNameW(NULL, exe, 32767);
  exe[exeLen < 32767 ? exeLen : 32767] = 0;

  /* FIXFORGE_RECORDER_EXIT_<NAME> */
  static wchar_t perExe[400] = L"FIXFORGE_RECORDER_EXIT_";
  const wchar_t *base = exe;
  for (const wchar_t *p = exe; *p; p++) if (*p == L'\\' || *p == L'/') base = p + 1;
  const wchar_t *dot = wcsrchr(base, L'.');
  size_t n = wcslen(perExe);
  for (const wchar_t *p = base; *p && p != dot && n < 390; p++, n++) {
    wchar_t c = *p;
    if (c >= L'a' && c <= L'z') c = (wchar_t)(c - L'a' + L'A');
    perExe[n] = ((c >= L'A' && c <= L'Z') || (c >= L'0' && c <= L'9')) ? c : L'_';
  }
  perExe[n] = 0;

  /* Decimal (may be negative) or 0x hex; taken modulo 2^32 like a Windows exit code. */
  int code = 0;
  wchar_t *exitText = get_env(perExe);
  if (!exitText || !exitText[0]) exitText = get_env(L"FIXFORGE_RECORDER_EXIT");
  if (exitText && exitText[0]) {
    long long v = (exitText[0] == L'0' && (exitText[1] == L'x' || exitText[1] == L'X'))
                      ? (long long)wcstoull(exitText + 2, NULL, 16)
                      : wcstoll(exitText, NULL, 10);
    code = (int)(unsigned int)(unsigned long long)v;
  }

  /* FIXFORGE_RECORDER_REPLY_<NAME>: the same name with another prefix. */
  static wchar_t perExeReply[400] = L"FIXFORGE_RECORDER_REPLY_";
  wcscat(perExeReply, perExe + wcslen(L"FIXFORGE_RECORDER_EXIT_"));
  canned_reply(perExeReply, &code);

  wchar_t *logPath = get_env(L"FIXFORGE_RECORDER_LOG");
  if (logPath && logPath[0]) {
    const wchar_t *cmdline = GetCommandLineW();
    int argc = 0;
    wchar_t **argv = CommandLineToArgvW(cmdline, &argc);

    static wchar_t cwd[32768];
    DWORD cwdLen = GetCurrentDirectoryW(32767, cwd);
    cwd[cwdLen < 32767 ? cwdLen : 0] = 0;

    put_ascii("--- fixforge-recorder\nexe=");
    put_wide(exe);
    put_ascii("\ncwd=");
    put_wide(cwd);
    put_ascii("\ncmdline=");
    put_wide(cmdline);
    put_ascii("\nargc=");
    put_int(argc > 0 ? argc - 1 : 0);
    put_ascii("\n");
    for (int i = 1; argv && i < argc; i++) {
      put_ascii("arg=");
      put_wide(argv[i]);
      put_ascii("\n");
    }
    put_ascii("exit=");
    put_int(code);
    put_ascii("\n--- end\n");

    HANDLE h = INVALID_HANDLE_VALUE;
    for (int attempt = 0; attempt < 50 && h == INVALID_HANDLE_VALUE; attempt++) {
      h = CreateFileW(logPath, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                      OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
      if (h == INVALID_HANDLE_VALUE) Sleep(20);
    }
    if (h == INVALID_HANDLE_VALUE) return 120;
    DWORD written = 0;
    BOOL ok = WriteFile(h, buf, (DWORD)len, &written, NULL);
    CloseHandle(h);
    if (!ok || written != (DWORD)len) return 120;
  }
  return code;
}
