import type { Metadata } from 'next';
import { ImageTagView } from '@/components/images/image-tag-view';

type Props = { params: Promise<{ ref: string[] }> };

function refOf(segments: string[]): string {
  return segments.map((s) => decodeURIComponent(s)).join('/');
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: refOf((await params).ref) };
}

export default async function ImageTagPage({ params }: Props) {
  return <ImageTagView imageRef={refOf((await params).ref)} />;
}
