import type { MnistFile } from './files';

/** What a `baseUrl` option allows, as error messages say it. */
export const HTTP_FOLDER_URL =
  'an absolute http:// or https:// URL of the folder holding the four .gz files';

/** Whether `url` parses as an absolute http:// or https:// URL. */
export function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The URL of `file`'s `.gz` in the folder `baseUrl` (with or without its trailing slash). */
export function mnistFileUrl(baseUrl: string, file: Pick<MnistFile, 'name'>): string {
  const folder = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(`${file.name}.gz`, folder).href;
}
