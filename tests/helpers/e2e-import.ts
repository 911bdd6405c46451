/** Browser tests: import generated files through the API and wait for the job; the activity ids in order. */
export async function importFits(baseUrl: string, files: [name: string, bytes: Uint8Array][], timeoutMs = 120_000): Promise<string[]> {
  const form = new FormData();
  for (const [name, bytes] of files) form.append('files', new Blob([Buffer.from(bytes)]), name);
  const res = await fetch(`${baseUrl}/api/v1/imports`, { method: 'POST', body: form, headers: { 'x-milevault-client': 'test' } });
  if (res.status !== 202) throw new Error(`import: HTTP ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const end = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await fetch(`${baseUrl}/api/v1/imports/${id}`)).json()) as { status: string; files: { name: string; activityId?: string; status: string; error?: string }[] };
    if (job.status === 'done') {
      return files.map(([name]) => {
        const f = job.files.find((x) => x.name === name);
        if (!f?.activityId) throw new Error(`import of ${name}: ${f?.status} ${f?.error ?? ''}`);
        return f.activityId;
      });
    }
    if (Date.now() > end) throw new Error('import did not finish');
    await new Promise((r) => setTimeout(r, 150));
  }
}
