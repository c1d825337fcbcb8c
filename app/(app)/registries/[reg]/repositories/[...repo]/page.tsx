import type { Metadata } from 'next';
import { RepositoryView } from '@/components/registries/repository-view';

type Props = {
  params: Promise<{ reg: string; repo: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function repositoryOf(repo: string[]): string {
  return repo.map(decodeURIComponent).join('/');
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { repo } = await params;
  return { title: repositoryOf(repo) };
}

export default async function RepositoryPage({ params, searchParams }: Props) {
  const { reg, repo } = await params;
  const { tag } = await searchParams;
  return (
    <RepositoryView
      regRef={decodeURIComponent(reg)}
      repository={repositoryOf(repo)}
      initialTag={typeof tag === 'string' ? tag : null}
    />
  );
}
